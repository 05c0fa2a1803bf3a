/// A request from outside the run (the REPL's Ctrl-C handler) to stop the evaluation now.
/// A plain flag because a signal handler may only store to memory; the step counter's slow
/// check reads it, so a loop or recursion stops within a thousand steps.
public enum Interruption {
    nonisolated(unsafe) public static var requested: Int32 = 0
}
