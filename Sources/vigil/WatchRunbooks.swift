import VigilLib
import VigilRules

/// A runbook's `trigger` is a rule: when it starts firing, `vigil watch` runs the runbook
/// (with the command line's `--yes`, `--dry-run` and `--allow-exec`), printing its lines
/// among the state changes.
enum WatchRunbooks {
    static func start(for changes: [RuleTransitionRecord], rules: [CompiledRule], in session: VigilSession,
                      printer: WatchPrinter) throws {
        let fired = Set(changes.filter { $0.to == .firing && $0.from != .firing }.map(\.rule))
        for rule in rules where fired.contains(rule.name) {
            guard let runbook = rule.startsRunbook else { continue }
            let output = session.interpreter.output
            session.interpreter.output = { printer.emit([$0]) }
            defer { session.interpreter.output = output }
            _ = try session.startRunbook(named: runbook)
            printer.lastRule = nil
        }
    }
}
