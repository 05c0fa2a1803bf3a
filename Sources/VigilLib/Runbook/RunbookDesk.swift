import VigilActions
import VigilRuntime
import VigilSeries

/// The firing rule and label set that started a runbook run: its alerts stay active in
/// Alertmanager while that label set fires, and resolve with it.
public struct RunbookTrigger: Sendable {
    public let rule: String
    public let labels: Labels

    public init(rule: String, labels: Labels) {
        self.rule = rule
        self.labels = labels
    }
}

/// A session's runbook state: the command line's options, the timeline, the actions taken
/// (for rate limits) and the runbook whose step is running, if any.
public final class RunbookDesk {
    /// What the runbook whose step is running says about its actions.
    struct Running {
        let name: String
        let guardrails: Guardrails
        /// The runbook's `cost` setting, in dollars: what each of its actions is estimated to cost.
        let cost: Double?
        /// The runbook's `service`: its alerts' `service` label.
        var service: String? = nil
        /// The file it is declared in: its alerts' `generatorURL`.
        var file = ""
        /// What its settings add to its alerts (`severity`, `labels {…}`, `annotations {…}`).
        var decoration = AlertDecoration()
        /// The firing trigger that started it (`vigil watch`); nil for a run by hand.
        var trigger: RunbookTrigger? = nil
        var step = 0
        var stepTitle = ""
        /// Set while something other than a step runs (`verify`).
        var phase: String? = nil
    }

    public var options = RunbookOptions()
    public let timeline = RunbookTimeline()
    /// The journal of a `vigil run`: actions are delivered as each step takes them, and the
    /// run's timeline is journaled with them. Nil where another loop delivers (`vigil watch`).
    public var journal: ActionRun?
    /// The trigger starting the next run, set by `startRunbook` and taken by the run.
    var nextTrigger: RunbookTrigger?
    var history = GuardrailHistory()
    var running: Running?
    /// Actions taken so far, numbering their idempotency keys.
    var actionCount = 0
    /// Timeline entries journaled so far, numbering theirs.
    var noteCount = 0
    /// Actions that reached no receiver (dead letters): the run fails when any did.
    var undelivered: [String] = []
    /// Alerts this run (by hand) delivered that no rule holds: resolved when its `verify` holds.
    var raised: [Action] = []
    /// Runs whose `verify` waits in the background (`vigil watch`), polled by `resumeRunbooks`.
    var waiting: [RunbookProgress] = []
    /// Where the run prints (the interpreter's output, at the indentation of the current step).
    var print: (String) -> Void = { _ in }
    let interpreter: Interpreter
    let actionLog: ActionLog

    init(interpreter: Interpreter, actionLog: ActionLog) {
        self.interpreter = interpreter
        self.actionLog = actionLog
    }

    /// The running runbook's evaluation time in seconds: it starts at the time the runbook
    /// is evaluated at and moves on with each poll of a verification. Nil between runs.
    var time: Double?

    /// The evaluation time in milliseconds.
    var now: Timestamp { Timestamp(((time ?? interpreter.now) * 1000).rounded()) }

    /// The running evaluation at the runbook's own time, for its steps and verifications.
    var evaluation: Evaluation { time.map { interpreter.evaluation.at($0) } ?? interpreter.evaluation }

    /// Where the running runbook is, as journal entries name their origin: `step 2: Roll back`.
    var position: String {
        guard let running else { return "" }
        if let phase = running.phase { return phase }
        return running.step == 0 ? "start" : "step \(running.step): \(running.stepTitle)"
    }

    /// Prints a line of the run, adds it to the timeline and journals it (actions are
    /// journaled as themselves, so their lines are not). `runbook` names the runbook of a
    /// line said between runs (a firing that did not start one).
    func note(_ kind: RunbookTimeline.Entry.Kind, _ text: String, runbook named: String? = nil) {
        print(text)
        let runbook = named ?? running?.name ?? ""
        timeline.add(runbook, now, kind, text)
        guard kind != .action else { return }
        do {
            let layer = try actionLog.layer()
            noteCount += 1
            let origin = Action.Origin(kind: .step, name: runbook, trigger: kind == .finished ? "end" : running == nil ? "start" : position)
            try layer.submit([Action(kind: kind.rawValue, target: "", call: text, origin: origin, time: now,
                                     key: IdempotencyKey(text: "step:\(runbook)|\(layer.run)|note \(noteCount)"))], at: now)
        } catch {
            print("journal: this line could not be journaled: \(error)")
        }
    }
}
