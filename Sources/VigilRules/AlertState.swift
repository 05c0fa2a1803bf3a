/// The state of one rule for one label set, as Prometheus alerting rules have it.
public enum AlertState: String, Hashable, Sendable, CustomStringConvertible {
    /// The condition is not true (or the rule has never been true).
    case inactive
    /// The condition is true but has not yet held for the rule's `for` duration.
    case pending
    /// The condition has held for `for`; the rule's `then` actions have run.
    case firing

    public var description: String { rawValue }
}
