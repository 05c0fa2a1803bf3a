import VigilSeries

/// What happened to an incident, in the order it happened: the timeline a post-mortem and
/// the MTTx figures are computed from.
public struct IncidentEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case detected, opened, acknowledged, resolved, note
        case escalated(to: String)
        case responseTargetMissed, resolutionTargetMissed

        /// The word a store keeps for this kind (`escalated:backup` for an escalation).
        public var code: String {
            switch self {
            case .detected: "detected"
            case .opened: "opened"
            case .acknowledged: "acknowledged"
            case .resolved: "resolved"
            case .note: "note"
            case .escalated(let who): "escalated:" + who
            case .responseTargetMissed: "response_target_missed"
            case .resolutionTargetMissed: "resolution_target_missed"
            }
        }

        public init?(code: String) {
            if code.hasPrefix("escalated:") {
                self = .escalated(to: String(code.dropFirst("escalated:".count)))
                return
            }
            let plain: [String: Kind] = [
                "detected": .detected, "opened": .opened, "acknowledged": .acknowledged, "resolved": .resolved,
                "note": .note, "response_target_missed": .responseTargetMissed,
                "resolution_target_missed": .resolutionTargetMissed,
            ]
            guard let kind = plain[code] else { return nil }
            self = kind
        }
    }

    public let at: Timestamp
    public let kind: Kind
    public let note: String

    public init(at: Timestamp, _ kind: Kind, note: String = "") {
        self.at = at
        self.kind = kind
        self.note = note
    }
}

public enum IncidentLifecycleError: Error, Equatable, CustomStringConvertible {
    case alreadyResolved(String)
    case beforeOpening(String, at: Timestamp, openedAt: Timestamp)

    public var description: String {
        switch self {
        case .alreadyResolved(let title): "incident \"\(title)\" is already resolved"
        case .beforeOpening(let title, let at, let openedAt):
            "incident \"\(title)\" was opened at \(openedAt); \(at) is before that"
        }
    }
}

/// One incident's life, open → acknowledged → resolved, as a value: each change returns
/// the events it adds to the timeline, including escalations paged and targets missed
/// since the last change.
public struct IncidentLifecycle: Equatable, Sendable {
    public let title: String
    public let priority: IncidentPriority
    public let service: String
    /// When the problem began (an alert's `started`), if the opener knew it.
    public let detectedAt: Timestamp?
    public let openedAt: Timestamp
    public private(set) var acknowledgedAt: Timestamp?
    public private(set) var resolvedAt: Timestamp?
    public private(set) var timeline: [IncidentEvent]

    public init(title: String, priority: IncidentPriority, service: String, openedAt: Timestamp, detectedAt: Timestamp? = nil) {
        self.title = title
        self.priority = priority
        self.service = service
        self.openedAt = openedAt
        self.detectedAt = detectedAt
        self.timeline = (detectedAt.map { [IncidentEvent(at: $0, .detected)] } ?? [])
            + [IncidentEvent(at: openedAt, .opened, note: title)]
        timeline += priority.escalationsDue(openedAt: openedAt, acknowledgedAt: nil, at: openedAt)
            .map { IncidentEvent(at: openedAt + $0.after, .escalated(to: $0.who)) }
    }

    /// An incident as stored: its times and the timeline recorded so far.
    public init(title: String, priority: IncidentPriority, service: String, openedAt: Timestamp, detectedAt: Timestamp?,
                acknowledgedAt: Timestamp?, resolvedAt: Timestamp?, timeline: [IncidentEvent]) {
        self.title = title
        self.priority = priority
        self.service = service
        self.openedAt = openedAt
        self.detectedAt = detectedAt
        self.acknowledgedAt = acknowledgedAt
        self.resolvedAt = resolvedAt
        self.timeline = timeline
    }

    public var isResolved: Bool { resolvedAt != nil }

    /// The incident as it stood at `time`: an acknowledgement or resolution after it had not
    /// happened yet (a report for an earlier time must not count a later resolution).
    public func asOf(_ time: Timestamp) -> IncidentLifecycle {
        IncidentLifecycle(title: title, priority: priority, service: service, openedAt: openedAt, detectedAt: detectedAt,
                          acknowledgedAt: acknowledgedAt.flatMap { $0 <= time ? $0 : nil },
                          resolvedAt: resolvedAt.flatMap { $0 <= time ? $0 : nil },
                          timeline: timeline.filter { $0.at <= time })
    }

    /// Records what fell due up to `time` (escalations, missed targets) not yet on the timeline.
    @discardableResult
    public mutating func advance(to time: Timestamp) -> [IncidentEvent] {
        let horizon = resolvedAt.map { min($0, time) } ?? time
        var due = priority.escalationsDue(openedAt: openedAt, acknowledgedAt: acknowledgedAt, at: horizon)
            .map { IncidentEvent(at: openedAt + $0.after, .escalated(to: $0.who)) }
        let responseDeadline = openedAt + priority.responseTarget
        if (acknowledgedAt ?? Timestamp.max) > responseDeadline, responseDeadline <= horizon {
            due.append(IncidentEvent(at: responseDeadline, .responseTargetMissed))
        }
        let resolutionDeadline = openedAt + priority.resolutionTarget
        if (resolvedAt ?? Timestamp.max) > resolutionDeadline, resolutionDeadline <= horizon {
            due.append(IncidentEvent(at: resolutionDeadline, .resolutionTargetMissed))
        }
        let new = due.filter { !timeline.contains($0) }.sorted { $0.at < $1.at }
        timeline = (timeline + new).sorted { $0.at < $1.at }
        return new
    }

    /// A responder acknowledges; the first acknowledgement is the one that stops escalation.
    public mutating func acknowledge(at time: Timestamp, note: String = "") throws -> [IncidentEvent] {
        try checkChange(at: time)
        guard acknowledgedAt == nil else { return [] }
        var events = advance(to: time)
        acknowledgedAt = time
        let event = IncidentEvent(at: time, .acknowledged, note: note)
        timeline.append(event)
        events.append(event)
        return events
    }

    /// The incident is resolved; resolving twice is refused.
    public mutating func resolve(at time: Timestamp, note: String = "") throws -> [IncidentEvent] {
        try checkChange(at: time)
        var events = advance(to: time)
        resolvedAt = time
        let event = IncidentEvent(at: time, .resolved, note: note)
        timeline.append(event)
        events.append(event)
        return events
    }

    private func checkChange(at time: Timestamp) throws {
        guard resolvedAt == nil else { throw IncidentLifecycleError.alreadyResolved(title) }
        guard time >= openedAt else {
            throw IncidentLifecycleError.beforeOpening(title, at: time, openedAt: openedAt)
        }
    }
}
