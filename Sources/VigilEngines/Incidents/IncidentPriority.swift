import VigilSeries

/// An incident's priority with DOMAIN.md's response and resolution targets and escalation
/// policy: P1 service down or data loss, P2 major feature degraded, P3 minor, P4 cosmetic.
public enum IncidentPriority: String, CaseIterable, Comparable, Sendable {
    case p1 = "P1", p2 = "P2", p3 = "P3", p4 = "P4"

    private static let minute: Milliseconds = 60_000
    private static let hour: Milliseconds = 60 * minute

    /// P1 sorts first: it is the most severe.
    public static func < (lhs: IncidentPriority, rhs: IncidentPriority) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// How long after opening a responder must acknowledge.
    public var responseTarget: Milliseconds {
        switch self {
        case .p1: 15 * Self.minute
        case .p2: 30 * Self.minute
        case .p3: 2 * Self.hour
        case .p4: 24 * Self.hour
        }
    }

    /// How long after opening the incident must be resolved.
    public var resolutionTarget: Milliseconds {
        switch self {
        case .p1: 4 * Self.hour
        case .p2: 8 * Self.hour
        case .p3: 24 * Self.hour
        case .p4: 7 * 24 * Self.hour
        }
    }

    /// Who is paged, and when after opening, while nobody has acknowledged. DOMAIN.md gives
    /// a ladder for P1 and P2 only; P3 and P4 page the on-call engineer and stop there.
    public var escalation: [EscalationStep] {
        switch self {
        case .p1:
            [EscalationStep("on-call", after: 0), EscalationStep("backup", after: 15 * Self.minute),
             EscalationStep("team lead", after: 30 * Self.minute),
             EscalationStep("engineering manager", after: 60 * Self.minute),
             EscalationStep("VP/CTO", after: 4 * Self.hour)]
        case .p2:
            [EscalationStep("on-call", after: 0), EscalationStep("backup", after: 30 * Self.minute),
             EscalationStep("team lead", after: 2 * Self.hour),
             EscalationStep("engineering manager", after: 8 * Self.hour)]
        case .p3, .p4:
            [EscalationStep("on-call", after: 0)]
        }
    }

    /// The escalation steps paged by `time` for an incident opened at `openedAt`: a step is
    /// paged when its delay has passed and nobody had acknowledged before it fell due.
    public func escalationsDue(openedAt: Timestamp, acknowledgedAt: Timestamp?, at time: Timestamp) -> [EscalationStep] {
        let end = min(time, acknowledgedAt.map { $0 - 1 } ?? time)
        return escalation.filter { openedAt + $0.after <= end }
    }

    /// The next step that will be paged if nobody acknowledges, and when; nil once the
    /// incident is acknowledged or the ladder is exhausted.
    public func nextEscalation(openedAt: Timestamp, acknowledgedAt: Timestamp?, at time: Timestamp) -> (EscalationStep, Timestamp)? {
        guard acknowledgedAt == nil else { return nil }
        return escalation.first { openedAt + $0.after > time }.map { ($0, openedAt + $0.after) }
    }
}

/// One rung of an escalation ladder: who is paged, and how long after opening.
public struct EscalationStep: Equatable, Sendable {
    public let who: String
    public let after: Milliseconds

    public init(_ who: String, after: Milliseconds) {
        self.who = who
        self.after = after
    }
}
