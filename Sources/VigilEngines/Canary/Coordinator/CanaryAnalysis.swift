import VigilRules

/// A named number behind a decision, e.g. `error_rate = 0.051`.
public struct ObservedValue: Equatable, Sendable, CustomStringConvertible {
    /// What was measured, e.g. `error_rate` or `baseline`.
    public let name: String
    /// The measured value.
    public let value: Double
    /// How the caller wants the value shown (with its unit, e.g. `4.42%`); the engine
    /// knows no units, so without it the bare number is shown.
    public let shown: String?

    /// Creates an observed value.
    public init(_ name: String, _ value: Double, shown: String? = nil) {
        self.name = name
        self.value = value
        self.shown = shown
    }

    public var description: String { "\(name) = \(shown ?? CanaryTimelineText.number(value))" }
}

/// One rollback rule at one tick: its name, state and the values it saw.
public struct RuleObservation: Equatable, Sendable {
    /// The rule's name as the user wrote it.
    public let name: String
    /// Its state at this tick across its label sets; nodata never promotes.
    public let state: RuleState
    /// The values the rule compared, kept so a rollback can say what tripped it.
    public let observed: [ObservedValue]

    /// Creates an observation.
    public init(name: String, state: RuleState, observed: [ObservedValue] = []) {
        self.name = name
        self.state = state
        self.observed = observed
    }
}

/// The judge's verdict at a tick, with its explanation.
public struct JudgeVerdict: Equatable, Sendable {
    /// Pass / High / Low / Nodata / Error.
    public let classification: JudgeClassification
    /// Why, with numbers.
    public let reason: String
    /// The statistics behind the verdict, by name (`u`, `p`, `shift`, …), for the
    /// rollback event a failing verdict records.
    public let observed: [String: Double]

    /// Creates a verdict.
    public init(_ classification: JudgeClassification, reason: String = "", observed: [String: Double] = [:]) {
        self.classification = classification
        self.reason = reason
        self.observed = observed
    }

    /// The verdict of a judge result.
    public init(_ result: JudgeResult) {
        self.init(result.classification, reason: result.reason, observed: result.statistics)
    }
}

/// Everything the coordinator learns at one analysis tick.
public struct CanaryAnalysis: Equatable, Sendable {
    /// Every rollback rule's state.
    public let rules: [RuleObservation]
    /// The judge's verdict, when a judge ran at this tick.
    public let judge: JudgeVerdict?
    /// Whether the candidate served any request in the interval just analysed.
    public let candidateHadTraffic: Bool

    /// Creates an analysis.
    public init(rules: [RuleObservation] = [], judge: JudgeVerdict? = nil, candidateHadTraffic: Bool) {
        self.rules = rules
        self.judge = judge
        self.candidateHadTraffic = candidateHadTraffic
    }
}
