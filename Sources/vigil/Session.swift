import ArgumentParser
import Foundation
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

extension EvalSettings {
    /// A session over the `--data` files, loaded all or nothing; exit 2 on a data error.
    func makeSession() throws -> VigilSession {
        var store = SeriesStore()
        for path in dataFiles {
            do {
                try store.ingest(contentsOfFile: path)
            } catch {
                printError("vigil: error: \(error)")
                throw ExitCode(2)
            }
        }
        return VigilSession(options: try runOptions(), store: store)
    }
}

extension EvalOptions {
    func makeSession() throws -> VigilSession { try settings.makeSession() }
}

extension VigilSession {
    /// Loads a checked program, rendering a runtime error and exiting 2 if it fails.
    func loadOrExit(_ program: Program, _ frontend: Frontend) throws {
        do {
            try load(program, resolver: frontend.resolver)
        } catch let e as RuntimeError {
            printError(e.diagnostic.render())
            throw ExitCode(2)
        }
    }
}
