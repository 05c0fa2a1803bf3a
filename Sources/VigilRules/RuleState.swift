/// The state of a rule: of one label set, as Prometheus alerting rules have it, plus `nodata`
/// (LANGUAGE.md §5); and of a rule as a whole, its label sets' states combined. Rules,
/// `vigil test`, `watch` and canaries all read this one type.
public enum RuleState: String, Hashable, Sendable, CustomStringConvertible {
    /// The condition is not true (or the rule has never been true).
    case inactive
    /// The condition is true but has not yet held for the rule's `for` duration.
    case pending
    /// The condition has held for `for`; the rule's `then` actions have run.
    case firing
    /// The condition had no data at the latest evaluation. A state machine never holds this
    /// state: it keeps the state it had (`AlertStatus.state`) and reports `nodata` instead.
    case nodata

    public var description: String { rawValue }

    /// One state for a rule from its label sets' reported states: firing if one fires, else
    /// pending if one is pending (an alert on its way, as promtool reports it), else nodata if
    /// one has no data, else inactive (also when there are none). Missing data still never
    /// passes: a canary holds its step while a rule is pending and pauses on nodata after.
    public init(combining states: some Sequence<RuleState>) {
        self = states.max { $0.precedence < $1.precedence } ?? .inactive
    }

    /// How strongly a label set's state shows in its rule's combined state.
    private var precedence: Int {
        switch self {
        case .inactive: 0
        case .nodata: 1
        case .pending: 2
        case .firing: 3
        }
    }
}
