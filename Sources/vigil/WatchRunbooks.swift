import VigilLib
import VigilRules

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
            let output = session.interpreter.output
            session.interpreter.output = { printer.emit([$0]) }
            defer { session.interpreter.output = output }
            _ = try session.startRunbook(named: runbook, trigger: RunbookTrigger(rule: rule.name, labels: first.labels))
            printer.lastRule = nil
        }
    }
}
