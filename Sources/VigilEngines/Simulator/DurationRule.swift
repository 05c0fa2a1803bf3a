import VigilSeries

/// The `for` state machine of one rollback rule, for driving the coordinator without the
/// language: inactive → pending (true, `for` not yet elapsed) → firing (true and
/// `now − activeSince ≥ for`, inclusive) → inactive when false.
///
/// A condition with no data reports `nodata` and holds the pending/firing clock, because a
/// dead exporter must not look like recovery (LANGUAGE.md §5). VigilRules owns the full rule
/// engine; this is the small subset the closed-loop driver needs and lives here because
/// engines may not depend on the rules layer.
public struct DurationRule: Sendable {
    /// The rule's name, reported in rollback events.
    public let name: String
    /// How long the condition must hold before the rule fires, in milliseconds.
    public let holdFor: Milliseconds
    /// State after the latest evaluation.
    public private(set) var state: RollbackRuleState = .inactive
    /// When the condition most recently became true, while it stays true.
    public private(set) var activeSince: Timestamp?

    /// Creates a rule; a negative `for` is an error.
    public init(name: String, holdFor: Milliseconds) throws {
        guard holdFor >= 0 else { throw CanaryError(message: "rule \"\(name)\": for must not be negative, got \(holdFor) ms") }
        self.name = name
        self.holdFor = holdFor
    }

    /// Evaluates the rule at `time` with the condition's value (nil for no data).
    @discardableResult
    public mutating func evaluate(at time: Timestamp, condition: Bool?) -> RollbackRuleState {
        switch condition {
        case nil:
            state = .nodata
        case false?:
            activeSince = nil
            state = .inactive
        case true?:
            let since = activeSince ?? time
            activeSince = since
            state = time - since >= holdFor ? .firing : .pending
        }
        return state
    }
}
