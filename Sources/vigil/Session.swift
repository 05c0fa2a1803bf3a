import ArgumentParser
import Foundation
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

extension EvalSettings {
    /// A session over the `--db` samples and the `--data` files (else the default store when
    /// it exists, named on stderr), loaded all or nothing; exit 2 on a data error. With no
    /// source at all, selecting a series is the "no data source" error. A command that also
    /// writes to the store (a canary records its deployment) may name a database that does
    /// not exist yet: it is created on first write.
    func makeSession(databaseMayBeNew: Bool = false) throws -> VigilSession {
        let sources = SampleSources(dataFiles: dataFiles, database: database, isLive: source != nil)
        let loaded: SampleSources.Loaded
        do {
            loaded = try sources.load(databaseMayBeNew: databaseMayBeNew)
        } catch {
            printError("vigil: error: \(error)")
            throw ExitCode(2)
        }
        if let summary = loaded.defaultStoreSummary { printError("vigil: \(summary)") }
        let session = VigilSession(options: try runOptions(), store: loaded.store)
        if loaded.isMissing { session.refuseSeriesWithoutSource() }
        return session
    }
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

/// The "no data source" error line for `file`, with what to give.
func noDataSourceMessage(_ file: String) -> String {
    "vigil: error: no data source: \(file) selects series but no samples were given; \(NoDataSource.hint)"
}
