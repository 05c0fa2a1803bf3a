import ArgumentParser
import Foundation
import VigilLib
import VigilRuntime
import VigilSeries
import VigilStore
import VigilSyntax

extension EvalSettings {
    /// A session over the `--db` samples and the `--data` files, loaded all or nothing;
    /// exit 2 on a data error. A command that also writes to the store (a canary records its
    /// deployment) may name a database that does not exist yet: it is created on first write.
    func makeSession(databaseMayBeNew: Bool = false) throws -> VigilSession {
        do {
            return VigilSession(options: try runOptions(), store: try loadStore(databaseMayBeNew: databaseMayBeNew))
        } catch let problem as GateProblem {
            printError(problem.rendered)
            throw ExitCode(2)
        }
    }

    /// The `--db` samples and the `--data` files, all or nothing; a data error is thrown as
    /// a located `GateProblem`.
    func loadStore(databaseMayBeNew: Bool = false) throws -> SeriesStore {
        var store = SeriesStore()
        if let database, database != ":memory:", !(databaseMayBeNew && !FileManager.default.fileExists(atPath: database)) {
            // Reading a database that does not exist would create an empty one and evaluate on nothing.
            guard FileManager.default.fileExists(atPath: database) else {
                throw GateProblem(kind: .data, file: nil,
                                  message: "no database at \(database) (store data there with `vigil ingest --db \(database) FILE…`)")
            }
            do {
                store = try openDatabase(database).samples.load()
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw GateProblem(kind: .data, file: DisplayPath.of(database), message: "\(error)")
            }
        }
        for path in dataFiles {
            do {
                try store.ingest(contentsOfFile: path)
            } catch let error as IngestError {
                throw GateProblem(error)
            } catch {
                throw GateProblem(kind: .data, file: DisplayPath.of(path), message: "\(error)")
            }
        }
        return store
    }
}
