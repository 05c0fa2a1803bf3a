import VigilLib
import VigilRules
import VigilRuntime
import VigilSeries

/// A runbook's `trigger` is a rule: when it starts firing, `vigil watch` runs the runbook
/// (with the command line's `--yes`, `--dry-run` and `--allow-exec`), printing its lines
/// among the state changes.
enum WatchRunbooks {
    static func start(for changes: [RuleTransitionRecord], rules: [CompiledRule], in session: VigilSession,
                      printer: WatchPrinter) throws {
        let firing = changes.filter { $0.to == .firing && $0.from != .firing }
        for rule in rules {
            // One run per firing of the trigger; its pages are held under the first label set
            // that fired, and resolve when that label set does.
            guard let runbook = rule.startsRunbook, let first = firing.first(where: { $0.rule == rule.name }) else { continue }
            // One run at a time: a run still verifying is not started again.
            if session.runbooksWaiting.contains(runbook) {
                printer.emit(["runbook \(Value.string(runbook).literal) is still verifying its last run: not started again"])
                continue
            }
            let output = session.interpreter.output
            session.interpreter.output = { printer.emit([$0]) }
            defer { session.interpreter.output = output }
            // The runbook starts at the evaluation that fired its rule.
            _ = try session.interpreter.evaluating(Evaluation(time: Double(first.time) / 1000)) {
                try session.startRunbook(named: runbook, trigger: RunbookTrigger(rule: rule.name, labels: first.labels))
            }
            printer.lastRule = nil
        }
    }

    /// Polls the runbook runs waiting on a `verify` (each at its runbook's `every`), printing
    /// what they do among the state changes.
    static func resume(in session: VigilSession, at time: Timestamp, printer: WatchPrinter) throws {
        guard !session.runbooksWaiting.isEmpty else { return }
        let output = session.interpreter.output
        session.interpreter.output = { printer.emit([$0]) }
        defer { session.interpreter.output = output }
        if !(try session.resumeRunbooks(at: time)).isEmpty { printer.lastRule = nil }
    }
}
