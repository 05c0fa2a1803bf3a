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
        try makeSession(databaseMayBeNew: databaseMayBeNew, selectsLazily: false).session
    }

    /// `makeSession`, reading a store's series only as they are selected when `selectsLazily`
    /// (see `SampleSources.selectsLazily`), with what was loaded.
    func makeSession(databaseMayBeNew: Bool = false, selectsLazily: Bool) throws -> (session: VigilSession, loaded: SampleSources.Loaded) {
        let loaded: SampleSources.Loaded
        do {
            loaded = try loadSources(databaseMayBeNew: databaseMayBeNew, selectsLazily: selectsLazily)
        } catch let problem as GateProblem {
            printError(problem.rendered)
            throw ExitCode(2)
        }
        let session = VigilSession(options: try runOptions(), store: loaded.store)
        loaded.connect(session)
        return (session, loaded)
    }

    /// The samples the command evaluates against (see `SampleSources`), announcing the
    /// default store on stderr when it is the one read; a data error is thrown as a located
    /// `GateProblem`, so every report format can carry it.
    func loadSources(databaseMayBeNew: Bool = false, selectsLazily: Bool = false) throws -> SampleSources.Loaded {
        let sources = SampleSources(dataFiles: dataFiles, database: database, isLive: source != nil,
                                    selectsLazily: selectsLazily)
        let loaded: SampleSources.Loaded
        do {
            loaded = try sources.load(databaseMayBeNew: databaseMayBeNew)
        } catch let error as IngestError {
            throw GateProblem(error)
        } catch {
            throw GateProblem(kind: .data, file: nil, message: "\(error)")
        }
        if let summary = loaded.defaultStoreSummary { printError("vigil: \(summary)") }
        return loaded
    }
}

/// The "no data source" error line for `file`, with what to give.
func noDataSourceMessage(_ file: String) -> String {
    "vigil: error: no data source: \(file) selects series but no samples were given; \(NoDataSource.hint)"
}
