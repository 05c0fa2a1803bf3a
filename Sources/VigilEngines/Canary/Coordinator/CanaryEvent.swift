import VigilSeries

/// Why the data at a decision point could not justify a promotion (Argo's Inconclusive).
public enum InconclusiveCause: Equatable, Sendable, CustomStringConvertible {
    /// The candidate served no request in the interval.
    case noCandidateTraffic
    /// A rollback rule had no data.
    case ruleNoData(rule: String)
    /// The judge had too few samples, or no verdict was given though one is required.
    case judgeNoData(String)
    /// The judge could not judge the samples.
    case judgeError(String)

    public var description: String {
        switch self {
        case .noCandidateTraffic: return "no candidate traffic in the analysis interval"
        case .ruleNoData(let rule): return "rule \"\(rule)\" has no data"
        case .judgeNoData(let reason): return reason.isEmpty ? "the judge has no data" : "the judge has no data: \(reason)"
        case .judgeError(let reason): return "the judge failed: \(reason)"
        }
    }
}

/// Why a deployment is paused.
public enum PauseReason: Equatable, Sendable, CustomStringConvertible {
    /// An operator paused it, optionally saying why.
    case manual(String?)
    /// The analysis could not justify promotion; `resume` continues once it is understood.
    case inconclusive([InconclusiveCause])

    public var description: String {
        switch self {
        case .manual(let note): return note.map { "paused by operator: \($0)" } ?? "paused by operator"
        case .inconclusive(let causes): return "inconclusive: " + causes.map(\.description).joined(separator: "; ")
        }
    }
}

/// A rule that fired, with the values that tripped it.
public struct RuleTrip: Equatable, Sendable, CustomStringConvertible {
    /// The rule's name.
    public let rule: String
    /// The values it observed at the tick it fired.
    public let observed: [ObservedValue]

    public var description: String {
        observed.isEmpty ? "rule \"\(rule)\" fired"
            : "rule \"\(rule)\" fired (" + observed.map(\.description).joined(separator: ", ") + ")"
    }
}

/// What made a deployment roll back.
public enum RollbackCause: Equatable, Sendable, CustomStringConvertible {
    /// One or more rollback rules fired at the same tick.
    case rules([RuleTrip])
    /// The judge found the candidate significantly different.
    case judge(JudgeVerdict)

    public var description: String {
        switch self {
        case .rules(let trips): return trips.map(\.description).joined(separator: "; ")
        case .judge(let verdict): return "judge classified the candidate \(verdict.classification): \(verdict.reason)"
        }
    }
}

/// What happened to a deployment.
public enum CanaryEventKind: Equatable, Sendable, CustomStringConvertible {
    /// The deployment started.
    case started(DeliveryStrategy)
    /// Step `index` (0-based) began at `weight`.
    case stepStarted(index: Int, weight: Double)
    /// The candidate's traffic share changed.
    case weightChanged(from: Double, to: Double)
    /// The deployment paused.
    case paused(PauseReason)
    /// An operator resumed it; the current step's bake starts over.
    case resumed
    /// Every step passed; the candidate serves all traffic.
    case promoted
    /// A rollback rule or the judge sent all traffic back to stable.
    case rolledBack(RollbackCause)
    /// An operator aborted the deployment.
    case aborted(String?)
    /// The kill switch zeroed candidate traffic and stopped every stage.
    case killSwitch

    public var description: String {
        switch self {
        case .started(let strategy): return "started (\(strategy.rawValue))"
        case let .stepStarted(index, weight): return "step \(index + 1) started at \(CanaryTimelineText.percent(weight))"
        case let .weightChanged(from, to): return "weight \(CanaryTimelineText.percent(from)) → \(CanaryTimelineText.percent(to))"
        case .paused(let reason): return "paused: \(reason)"
        case .resumed: return "resumed"
        case .promoted: return "promoted"
        case .rolledBack(let cause): return "rolled back: \(cause)"
        case .aborted(let reason): return reason.map { "aborted: \($0)" } ?? "aborted"
        case .killSwitch: return "kill switch: traffic to 0%, every stage off"
        }
    }
}

/// One timestamped event.
public struct CanaryEvent: Equatable, Sendable {
    /// When it happened, in milliseconds.
    public let time: Timestamp
    /// What happened.
    public let kind: CanaryEventKind

    /// Creates an event.
    public init(time: Timestamp, kind: CanaryEventKind) {
        self.time = time
        self.kind = kind
    }
}
