import ArgumentParser
import VigilLib
import VigilStore

/// What `vigil run` needs to drive canaries: the simulator switch and the deployment store.
struct CanaryOptions: ParsableArguments {
    @Flag(help: "Drive every canary with the deterministic simulator (a `simulate { … }` block also does).")
    var simulate = false

    @Option(name: .customLong("db"), help: "The SQLite store for deployments (default: $VIGIL_DB, else ~/.vigil/vigil.sqlite).")
    var database: String?

    /// Points the session's canaries at the store, opened only when a canary or
    /// `deployments()` first needs it, so scripts without canaries never create a file.
    func configure(_ session: VigilSession) {
        let path = database
        session.canaries.openDatabase = {
            if let path { return path == ":memory:" ? try VigilDatabase.inMemory() : try VigilDatabase(path: path) }
            return try VigilDatabase.openDefault()
        }
    }
}
