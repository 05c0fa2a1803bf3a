import VigilActions
import VigilCheck
import VigilRuntime
import VigilSeries
import VigilSyntax

/// Where a runbook run stands: the item it is at and, for a `verify` waiting in the
/// background (`vigil watch`), when it started and last polled, with the run's state on the
/// desk while it is parked (its guardrail context, the alerts it sent, what was not delivered).
struct RunbookProgress {
    let decl: BlockDecl
    let file: SourceFile
    let environment: CompileEnvironment
    let every: Milliseconds
    let name: String
    /// The index in `decl.items` to run next.
    var next = 0
    var verifyStart: Timestamp?
    var lastPoll: Timestamp = 0
    var running: RunbookDesk.Running?
    var undelivered: [String] = []
    var raised: [Action] = []

    init(decl: BlockDecl, file: SourceFile, environment: CompileEnvironment, every: Milliseconds, name: String) {
        self.decl = decl
        self.file = file
        self.environment = environment
        self.every = every
        self.name = name
    }
}

extension RunbookDesk {
    /// Parks the run whose `verify` waits, with the desk's state for it.
    func park(_ progress: RunbookProgress) {
        var parked = progress
        parked.running = running
        parked.undelivered = undelivered
        parked.raised = raised
        waiting.append(parked)
    }
}

extension VigilSession {
    /// The runbook runs whose `verify` waits in the background, each named with the label
    /// set that started it: `"i1 down" for {instance="i1"}`.
    public var runbooksWaiting: [String] {
        runbooks.waiting.map { run in
            Value.string(run.name).literal + (run.running?.trigger.map { $0.labels.isEmpty ? "" : " for \($0.labels)" } ?? "")
        }
    }

    /// Whether a run of `runbook` that `trigger` started (its rule and label set) still waits
    /// on its `verify`: that label set's next firing does not start another.
    public func runbookIsVerifying(_ runbook: String, for trigger: RunbookTrigger) -> Bool {
        runbooks.waiting.contains { $0.name == runbook && $0.running?.trigger?.labels == trigger.labels }
    }

    /// Says, on `print` and in the journal, that `trigger`'s firing did not start `runbook`
    /// because that label set's last run still verifies.
    public func runbookNotStarted(_ runbook: String, for trigger: RunbookTrigger, at time: Timestamp,
                                  print: @escaping (String) -> Void) {
        let desk = runbooks
        let saved = (desk.print, desk.time)
        defer { (desk.print, desk.time) = saved }
        desk.print = print
        desk.time = Double(time) / 1000
        desk.note(.guardrail, "runbook \(Value.string(runbook).literal) for \(trigger.labels) is still verifying its last run: "
                  + "not started again", runbook: runbook)
    }

    /// Polls again, at evaluation time `now`, each runbook run waiting on a `verify` whose
    /// `every` has passed since its last poll; a run whose verify holds goes on with its next
    /// steps, one whose time is up fails. Answers the outcomes of the runs that ended.
    public func resumeRunbooks(at now: Timestamp) throws -> [EngineOutcome] {
        let desk = runbooks
        let due = desk.waiting.filter { now - $0.lastPoll >= $0.every }
        guard !due.isEmpty else { return [] }
        desk.waiting.removeAll { now - $0.lastPoll >= $0.every }
        var outcomes: [EngineOutcome] = []
        for progress in due {
            let saved = interpreter.output
            defer {
                interpreter.output = saved
                desk.running = nil
                desk.time = nil
            }
            desk.print = saved
            desk.running = progress.running
            desk.undelivered = progress.undelivered
            desk.raised = progress.raised
            desk.time = Double(now) / 1000
            if let outcome = try RunbookRunner(session: self, desk: desk).proceed(progress) { outcomes.append(outcome) }
        }
        return outcomes
    }
}
