import ArgumentParser
import VigilLib
import VigilStore

/// What `vigil run` needs to drive canaries: the simulator switch and the deployment store.
struct CanaryOptions: ParsableArguments {
    @Flag(help: "Drive every canary with the deterministic simulator (a `simulate { … }` block also does).")
    var simulate = false

    @Flag(help: """
        Exit 1 unless every canary that ran was promoted (rolled back, aborted, killed, paused \
        or unfinished each fail), naming each on stderr: the run as a pipeline gate.
        """)
    var requirePromotion = false

    /// Points the session's canaries at the store (`--db`, default $VIGIL_DB, else
    /// ~/.vigil/vigil.sqlite), opened only when a canary or `deployments()` first needs it,
    /// so scripts without canaries never create a file.
    static func configure(_ session: VigilSession, database: String?) {
        let path = database
        session.canaries.openDatabase = {
            if let path { return path == ":memory:" ? try VigilDatabase.inMemory() : try VigilDatabase(path: path) }
            return try VigilDatabase.openDefault()
        }
    }
}
