import VigilSeries

/// How a receiver's notifications are grouped and repeated, as an Alertmanager route says it
/// (`group_by`, `group_wait`, `group_interval`, `repeat_interval`).
public struct NotificationPolicy: Equatable, Sendable {
    /// Which labels make a group. `.labels([])` puts every alert of the receiver in one group
    /// (Alertmanager's default); `.all` (Alertmanager's `['...']`) gives each label set its own.
    public enum GroupBy: Equatable, Sendable {
        case labels([String])
        case all
    }

    public var groupBy: GroupBy
    /// How long a new group waits for more alerts before its first notification.
    public var groupWait: Milliseconds
    /// How long after a group's notification a change to it is notified.
    public var groupInterval: Milliseconds
    /// How long an alert already notified and still firing is not notified again.
    public var repeatInterval: Milliseconds

    public init(groupBy: GroupBy, groupWait: Milliseconds, groupInterval: Milliseconds, repeatInterval: Milliseconds) {
        self.groupBy = groupBy
        self.groupWait = groupWait
        self.groupInterval = groupInterval
        self.repeatInterval = repeatInterval
    }

    /// Alertmanager's route defaults: one group per receiver, 30s, 5m, 4h.
    public static let alertmanager = NotificationPolicy(groupBy: .labels([]), groupWait: 30_000, groupInterval: 300_000,
                                                        repeatInterval: 4 * 3_600_000)

    /// A receiver that declares no grouping: each alert is sent when it fires (the Alertmanager
    /// behind it groups), and a duplicate is still suppressed for Alertmanager's 4h.
    public static let immediate = NotificationPolicy(groupBy: .all, groupWait: 0, groupInterval: 0,
                                                     repeatInterval: alertmanager.repeatInterval)

    /// The group an alert with `labels` joins at `receiver`: `checkout-oncall{service="checkout"}`.
    public func groupKey(receiver: String, labels: [String: String]) -> String {
        let chosen: [String: String]
        switch groupBy {
        case .all: chosen = labels
        case .labels(let names): chosen = labels.filter { names.contains($0.key) }
        }
        return receiver + Labels(chosen).fingerprint
    }
}

/// A silence: notifications whose labels match every matcher are muted from `startsAt` until
/// `endsAt` (exclusive), as an Alertmanager silence with equality matchers.
public struct Silence: Equatable, Sendable {
    public let id: String
    public let matchers: [String: String]
    public let startsAt: Timestamp
    public let endsAt: Timestamp
    /// Who or what set it: `rule checkout down`, `vigil run maintenance.vigil`.
    public let createdBy: String

    public init(id: String, matchers: [String: String], startsAt: Timestamp, endsAt: Timestamp, createdBy: String) {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
    }

    public func isActive(at time: Timestamp) -> Bool { startsAt <= time && time < endsAt }

    /// True when every matcher's label has exactly that value (a missing label is "").
    public func matches(_ labels: [String: String]) -> Bool {
        matchers.allSatisfy { name, value in (labels[name] ?? "") == value }
    }

    /// `{service="checkout"}` until 16:00:00.
    public var matcherText: String { Labels(matchers).fingerprint }
}
