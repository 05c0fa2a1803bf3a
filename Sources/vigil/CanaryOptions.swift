import ArgumentParser
import VigilLib

/// What `vigil run` needs to drive canaries: the simulator switch and the deployment store.
struct CanaryOptions: ParsableArguments {
    @Flag(help: "Drive every canary with the deterministic simulator (a `simulate { … }` block also does).")
    var simulate = false

    @Flag(help: """
        Exit 1 unless every canary that ran was promoted (rolled back, aborted, killed, paused \
        or unfinished each fail), naming each on stderr: the run as a pipeline gate.
        """)
    var requirePromotion = false
}
