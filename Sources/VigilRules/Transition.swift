import VigilSeries

/// A change of one label set's state at one evaluation: what callers act on.
///
/// There is at most one transition per label set per evaluation, from the state after the
/// previous evaluation to the state after this one; with `for 0` an inactive rule that turns
/// true goes straight to firing in a single `inactive → firing` transition.
public struct Transition: Hashable, Sendable, CustomStringConvertible {
    /// What a transition means for actions.
    public enum Kind: String, Hashable, Sendable {
        /// inactive → pending: the condition became true; `for` is running.
        case activated
        /// → firing: run the `then` actions once.
        case fired
        /// firing → inactive: run the `resolve` actions once.
        case resolved
        /// pending → inactive: the condition turned false before `for` elapsed; nothing ran.
        case cancelled
    }

    /// The label set whose state changed.
    public let labels: Labels
    /// The held state before this evaluation (never nodata).
    public let from: RuleState
    /// The held state after this evaluation (never nodata).
    public let to: RuleState
    /// The evaluation time.
    public let time: Timestamp

    /// Creates a transition.
    public init(labels: Labels, from: RuleState, to: RuleState, time: Timestamp) {
        self.labels = labels
        self.from = from
        self.to = to
        self.time = time
    }

    /// The meaning of the transition.
    public var kind: Kind {
        switch (from, to) {
        case (_, .firing): return .fired
        case (.firing, _): return .resolved
        case (_, .pending): return .activated
        default: return .cancelled
        }
    }

    public var description: String { "\(time) ms \(labels): \(from) → \(to) (\(kind.rawValue))" }
}

/// What one label set looks like after an evaluation.
public struct AlertStatus: Hashable, Sendable {
    /// The label set.
    public let labels: Labels
    /// The held state (never nodata), unchanged while the condition has no data.
    public let state: RuleState
    /// True when this evaluation had no data for the label set (nil, or its series vanished).
    public let isNoData: Bool
    /// When the condition became true (pending or firing only).
    public let activeSince: Timestamp?
    /// When the rule started firing (firing only).
    public let firedAt: Timestamp?
    /// When the condition turned false while firing under `keep_firing_for`.
    public let keepFiringSince: Timestamp?

    public init(labels: Labels, state: RuleState, isNoData: Bool = false, activeSince: Timestamp?, firedAt: Timestamp?,
                keepFiringSince: Timestamp?) {
        self.labels = labels
        self.state = state
        self.isNoData = isNoData
        self.activeSince = activeSince
        self.firedAt = firedAt
        self.keepFiringSince = keepFiringSince
    }

    /// What Vigil reports: `nodata` while data is missing, else the state.
    public var reportedState: RuleState { isNoData ? .nodata : state }
}

/// The outcome of one evaluation of a rule.
public struct RuleEvaluation: Hashable, Sendable {
    /// The evaluation time.
    public let time: Timestamp
    /// State changes, sorted by label set.
    public let transitions: [Transition]
    /// Every label set the rule tracks after this evaluation, sorted by label set.
    public let statuses: [AlertStatus]

    /// The rule's state across its label sets (`RuleState(combining:)`).
    public var state: RuleState { RuleState(combining: statuses.lazy.map(\.reportedState)) }
}
