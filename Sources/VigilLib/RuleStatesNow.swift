import VigilRules
import VigilSeries

/// Each rule's state at one moment, as an operator asks for it (`:rules` in the REPL): a
/// state needs history (`for 10m` is pending for ten minutes before it fires), so the
/// rules are evaluated on their own schedule over the stretch that decides it, ending at
/// that moment. Actions the rules would run there are recorded, never delivered.
public enum RuleStatesNow {
    /// One label set's state after the last evaluation at or before the moment.
    public struct Entry {
        public let rule: String
        public let labels: Labels
        public let state: RuleState
        /// When the condition became true (pending or firing), in milliseconds.
        public let activeSince: Timestamp?
        /// What the condition observed at that evaluation: `error_rate = 1.2% > 1%`.
        public let observed: String
    }

    /// The states of `rules` at `time` (milliseconds); each evaluation passes its own time.
    public static func evaluate(_ rules: [CompiledRule], in session: VigilSession, at time: Timestamp) throws -> [Entry] {
        guard !rules.isEmpty else { return [] }
        let start = time - lookback(rules)
        var last: [String: RuleTick] = [:]
        try RuleRunner(session: session, rules: rules).run(from: start, through: time) { last[$0.rule.name] = $0 }
        return rules.flatMap { rule -> [Entry] in
            guard let tick = last[rule.name] else { return [] }
            if tick.statuses.isEmpty {
                return [Entry(rule: rule.name, labels: Labels(), state: tick.state, activeSince: nil, observed: tick.observed)]
            }
            return tick.statuses.map { status in
                Entry(rule: rule.name, labels: status.labels, state: status.reportedState,
                      activeSince: status.activeSince,
                      observed: ObservedValues.render(tick.comparisons, for: status.labels, condition: tick.condition))
            }
        }
    }

    /// How far back the evaluations must start for every rule's state to be decided at the
    /// end: its `for` and `keep_firing_for`, plus two intervals so the first evaluation is
    /// not the one that decides.
    static func lookback(_ rules: [CompiledRule]) -> Milliseconds {
        rules.map { $0.forDuration + $0.keepFiringFor + 2 * RuleRunner.interval(of: $0, override: nil) }.max() ?? 0
    }
}
