import VigilLib
import VigilRules
import VigilRuntime

/// A runbook's `trigger` is a rule: when it starts firing, `vigil watch` runs the runbook
/// (with the command line's `--yes`, `--dry-run` and `--allow-exec`), printing its lines
/// among the state changes.
enum WatchRunbooks {
    static func start(for changes: [RuleTransitionRecord], rules: [CompiledRule], in session: VigilSession,
                      printer: WatchPrinter) throws {
        let firings = changes.filter { $0.to == .firing && $0.from != .firing }
        for rule in rules {
            guard let fired = firings.first(where: { $0.rule == rule.name }), let runbook = rule.startsRunbook else { continue }
            let output = session.interpreter.output
            session.interpreter.output = { printer.emit([$0]) }
            defer { session.interpreter.output = output }
            // The runbook starts at the evaluation that fired its rule.
            _ = try session.interpreter.evaluating(Evaluation(time: Double(fired.time) / 1000)) {
                try session.startRunbook(named: runbook)
            }
            printer.lastRule = nil
        }
    }
}
