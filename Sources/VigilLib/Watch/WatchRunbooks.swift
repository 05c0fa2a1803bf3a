import VigilRules
import VigilRuntime
import VigilSeries

/// A runbook's `trigger` is a rule: when it starts firing, `vigil watch` runs the runbook
/// (with the command line's `--yes`, `--dry-run` and `--allow-exec`), printing its lines
/// among the state changes.
public enum WatchRunbooks {
    public static func start(for changes: [RuleTransitionRecord], rules: [CompiledRule], in session: VigilSession,
                      printer: WatchPrinter) throws {
        let firing = changes.filter { $0.to == .firing && $0.from != .firing }
        for rule in rules {
            guard let runbook = rule.startsRunbook else { continue }
            // Each label set that starts firing starts a run of its own, which reads it as
            // `trigger_labels` and holds its pages under it (they resolve when it does). A label
            // set that keeps firing does not fire again, so it starts no second run.
            for change in firing where change.rule == rule.name {
                let trigger = RunbookTrigger(rule: rule.name, labels: change.labels)
                // That label set's run still verifying (it resolved and fired again): not started again.
                if session.runbookIsVerifying(runbook, for: trigger) {
                    session.runbookNotStarted(runbook, for: trigger, at: change.time) { printer.emit([$0]) }
                    printer.lastRule = nil
                    continue
                }
                let output = session.interpreter.output
                session.interpreter.output = { printer.emit([$0]) }
                defer { session.interpreter.output = output }
                // The runbook starts at the evaluation that fired its rule.
                _ = try session.interpreter.evaluating(Evaluation(time: Double(change.time) / 1000)) {
                    try session.startRunbook(named: runbook, trigger: trigger)
                }
                printer.lastRule = nil
            }
        }
    }

    /// Polls the runbook runs waiting on a `verify` (each at its runbook's `every`), printing
    /// what they do among the state changes.
    public static func resume(in session: VigilSession, at time: Timestamp, printer: WatchPrinter) throws {
        guard !session.runbooksWaiting.isEmpty else { return }
        let output = session.interpreter.output
        session.interpreter.output = { printer.emit([$0]) }
        defer { session.interpreter.output = output }
        if !(try session.resumeRunbooks(at: time)).isEmpty { printer.lastRule = nil }
    }
}
