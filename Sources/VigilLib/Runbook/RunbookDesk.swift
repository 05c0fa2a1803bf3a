import VigilActions
import VigilRuntime
import VigilSeries

/// A session's runbook state: the command line's options, the timeline, the actions taken
/// (for rate limits) and the runbook whose step is running, if any.
public final class RunbookDesk {
    /// What the runbook whose step is running says about its actions.
    struct Running {
        let name: String
        let guardrails: Guardrails
        /// The runbook's `cost` setting, in dollars: what each of its actions is estimated to cost.
        let cost: Double?
        var step = 0
    }

    public var options = RunbookOptions()
    public let timeline = RunbookTimeline()
    var history = GuardrailHistory()
    var running: Running?
    /// Actions taken so far, numbering their idempotency keys.
    var actionCount = 0
    /// Where the run prints (the interpreter's output, at the indentation of the current step).
    var print: (String) -> Void = { _ in }
    let interpreter: Interpreter

    init(interpreter: Interpreter) { self.interpreter = interpreter }

    /// The evaluation time in milliseconds.
    var now: Timestamp { Timestamp((interpreter.now * 1000).rounded()) }

    /// Prints a line of the run and adds it to the timeline.
    func note(_ kind: RunbookTimeline.Entry.Kind, _ text: String) {
        print(text)
        timeline.add(running?.name ?? "", now, kind, text)
    }
}
