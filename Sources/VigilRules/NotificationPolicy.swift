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
/// `endsAt` (exclusive), as an Alertmanager silence: matchers `=`, `!=`, `=~`, `!~`, regular
/// expressions fully anchored, a missing label matching as "".
public struct Silence: Equatable, Sendable {
    public let id: String
    public let matchers: [LabelMatcher]
    public let startsAt: Timestamp
    public let endsAt: Timestamp
    /// Who or what set it: `rule checkout down`, `vigil run maintenance.vigil`, `vigil silence add`.
    public let createdBy: String
    /// Why, as its author wrote it (`vigil silence add --comment`); "" when not given.
    public let comment: String

    public init(id: String, matchers: [LabelMatcher], startsAt: Timestamp, endsAt: Timestamp, createdBy: String,
                comment: String = "") {
        self.id = id
        self.matchers = matchers.sorted { ($0.name, $0.kind.rawValue, $0.value) < ($1.name, $1.kind.rawValue, $1.value) }
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
    }

    /// A silence of label values: each label must have exactly its value.
    public init(id: String, matchers: [String: String], startsAt: Timestamp, endsAt: Timestamp, createdBy: String) {
        self.init(id: id, matchers: matchers.map { LabelMatcher.equal($0.key, $0.value) }, startsAt: startsAt, endsAt: endsAt,
                  createdBy: createdBy)
    }

    public func isActive(at time: Timestamp) -> Bool { startsAt <= time && time < endsAt }

    /// True when the labels satisfy every matcher.
    public func matches(_ labels: [String: String]) -> Bool {
        matchers.allSatisfy { $0.matches(value: labels[$0.name] ?? "") }
    }

    /// `{service="checkout", severity!~"P3|P4"}`.
    public var matcherText: String { LabelMatcherList.text(matchers) }

    /// The same silence ending at `time` (expired early).
    public func expired(at time: Timestamp) -> Silence {
        Silence(id: id, matchers: matchers, startsAt: startsAt, endsAt: min(endsAt, max(time, startsAt)), createdBy: createdBy,
                comment: comment)
    }
}
