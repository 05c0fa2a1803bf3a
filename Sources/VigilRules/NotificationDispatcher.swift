import VigilSeries

/// One `page` or `notify` on its way to a receiver: the alert's labels (alertname, service,
/// severity and the rule's label set) are its fingerprint.
public struct AlertNotification: Equatable, Sendable {
    public enum Kind: String, Sendable { case page, notify }
    public let kind: Kind
    public let receiver: String
    public let labels: [String: String]

    public init(kind: Kind, receiver: String, labels: [String: String]) {
        self.kind = kind
        self.receiver = receiver
        self.labels = labels
    }

    public var fingerprint: String { Labels(labels).fingerprint }

    /// What inhibition compares: the labels other than the alert's name and severity, so an
    /// SLO's page and its ticket, or a rule's critical and warning, are "the same thing".
    var subject: String { Labels(labels.filter { $0.key != "alertname" && $0.key != "severity" }).fingerprint }
}

/// What became of one notification, with the reason the journal keeps.
public struct NotificationDecision: Hashable, Sendable {
    public enum Outcome: String, Hashable, Sendable, CaseIterable {
        /// Sent when offered (a group's first alert with no `group_wait`, or a repeat).
        case sent
        /// Sent with its group at `deliverAt`.
        case grouped
        /// Already notified and still firing: not sent again within `repeat_interval`.
        case duplicate
        case silenced
        /// Muted by a firing page for the same label set.
        case inhibited
        /// Queued for its group's flush and resolved before it: neither it nor its resolution
        /// is sent, as Alertmanager sends nothing for an alert it never notified.
        case withdrawn
    }

    public let outcome: Outcome
    /// The group: the receiver and its `group_by` labels (`checkout-oncall{service="checkout"}`).
    public let group: String
    /// When it is delivered; nil when it is not.
    public let deliverAt: Timestamp?
    public let reason: String

    public init(outcome: Outcome, group: String, deliverAt: Timestamp?, reason: String) {
        self.outcome = outcome
        self.group = group
        self.deliverAt = deliverAt
        self.reason = reason
    }

    public var isDelivered: Bool { deliverAt != nil }
}

/// The notification side of alerting, as Alertmanager's dispatcher, inhibitor and silencer
/// define it, for the notifications Vigil itself sends. A value: it is told the time and
/// answers decisions; the caller journals and delivers them.
///
/// - Silences first: a notification matching an active silence is not sent.
/// - Inhibition: while a `page` fires, a `notify` (a ticket) whose labels other than
///   `alertname` and `severity` are the page's is not sent.
/// - Dedup: an alert (receiver + fingerprint) already notified and still firing is a
///   duplicate until `repeat_interval` after its notification; then it is sent again.
/// - Grouping: a new group's first notification goes out `group_wait` after its first alert;
///   the group then flushes every `group_interval`, and an alert joining it goes out at the
///   next flush.
/// - Resolutions: an alert that resolves is reported resolved at its group's next flush (at
///   once for a receiver without grouping), as Alertmanager reports them. Firing again before
///   that flush cancels the resolution: the flap is hidden, neither "resolved" nor a second
///   "firing" is sent, and `repeat_interval` still counts from the first notification. A
///   group whose alerts have all been reported resolved is gone: the next alert starts a new
///   group (and waits `group_wait` again).
/// - Withdrawal: an alert still queued for a flush that resolves before it is withdrawn:
///   neither "firing" nor "resolved" is sent. Its group lives on until that flush (an alert
///   joining meanwhile goes with it), as Alertmanager keeps a group until it has flushed.
///
/// Inhibition follows the alert itself: a page mutes nothing from the moment it resolves.
public struct NotificationDispatcher: Sendable {
    private struct Group: Sendable {
        let receiver: String
        let firstFlush: Timestamp
        let interval: Milliseconds
        /// The firing alerts by fingerprint, with when their notification went (or goes) out.
        var notified: [String: Timestamp] = [:]
        /// Resolved alerts by fingerprint, with the flush that reports their resolution.
        var resolving: [String: Timestamp] = [:]
        /// Withdrawn alerts by fingerprint, with the flush they were queued for.
        var withdrawn: [String: Timestamp] = [:]

        /// The group's first flush at or after `time`.
        func nextFlush(after time: Timestamp) -> Timestamp {
            guard time > firstFlush else { return firstFlush }
            guard interval > 0 else { return time }
            let periods = (time - firstFlush + interval - 1) / interval
            return firstFlush + periods * interval
        }

        /// Applies the resolutions reported by `time`: those alerts are no longer the group's.
        mutating func settle(at time: Timestamp) {
            for (fingerprint, flush) in resolving where flush <= time {
                resolving[fingerprint] = nil
                notified[fingerprint] = nil
            }
            for (fingerprint, flush) in withdrawn where flush <= time { withdrawn[fingerprint] = nil }
        }

        /// True once every alert it notified has been reported resolved, and the flushes its
        /// withdrawn alerts were queued for have passed.
        var isEmpty: Bool { notified.isEmpty && withdrawn.isEmpty }
    }

    /// A resolution on its way to one receiver: sent at `deliverAt`, the group's next flush.
    public struct Resolution: Equatable, Sendable {
        public let receiver: String
        public let group: String
        public let deliverAt: Timestamp
        public let reason: String
        /// The alert was still queued for the flush at `deliverAt`: it is withdrawn, and
        /// neither it nor this resolution is sent.
        public let isWithdrawal: Bool

        public init(receiver: String, group: String, deliverAt: Timestamp, reason: String, isWithdrawal: Bool = false) {
            self.receiver = receiver
            self.group = group
            self.deliverAt = deliverAt
            self.reason = reason
            self.isWithdrawal = isWithdrawal
        }
    }

    /// The policy of each receiver that declares one; the others use `defaultPolicy`.
    public var policies: [String: NotificationPolicy]
    public var defaultPolicy: NotificationPolicy
    public private(set) var silences: [Silence] = []
    /// How many notifications had each outcome.
    public private(set) var counts: [NotificationDecision.Outcome: Int] = [:]
    private var groups: [String: Group] = [:]
    /// Firing pages by fingerprint: their subjects mute tickets.
    private var firingPages: [String: String] = [:]

    public init(policies: [String: NotificationPolicy] = [:], defaultPolicy: NotificationPolicy = .immediate) {
        self.policies = policies
        self.defaultPolicy = defaultPolicy
    }

    public func policy(of receiver: String) -> NotificationPolicy { policies[receiver] ?? defaultPolicy }

    public var suppressedDuplicates: Int { counts[.duplicate] ?? 0 }

    public mutating func add(_ silence: Silence) {
        silences.removeAll { $0.id == silence.id }
        silences.append(silence)
    }

    /// Forgets how many notifications had each outcome (the journal of earlier runs replayed
    /// into this dispatcher is not this run's count).
    public mutating func resetCounts() { counts = [:] }

    /// The silences in force at `time`.
    public func activeSilences(at time: Timestamp) -> [Silence] { silences.filter { $0.isActive(at: time) } }

    /// Decides what becomes of `notification`, offered (its rule fired) at `time`.
    public mutating func offer(_ notification: AlertNotification, at time: Timestamp) -> NotificationDecision {
        let decision = decide(notification, at: time)
        counts[decision.outcome, default: 0] += 1
        return decision
    }

    private mutating func decide(_ notification: AlertNotification, at time: Timestamp) -> NotificationDecision {
        let policy = policy(of: notification.receiver)
        let key = policy.groupKey(receiver: notification.receiver, labels: notification.labels)
        let fingerprint = notification.fingerprint
        if notification.kind == .page { firingPages[fingerprint] = notification.subject }
        if let muted = muted(notification, at: time) { return muted }
        groups[key]?.settle(at: time)
        if groups[key]?.isEmpty == true { groups[key] = nil }
        let isNewGroup = groups[key] == nil
        var group = groups[key] ?? Group(receiver: notification.receiver, firstFlush: time + policy.groupWait,
                                         interval: policy.groupInterval)
        defer { groups[key] = group }
        // Resolved, and firing again before the flush that would have said so: a flap, hidden.
        let flap = group.resolving.removeValue(forKey: fingerprint)
        if let last = group.notified[fingerprint] {
            if time < last + policy.repeatInterval {
                let when = last > time ? "is queued for \(Self.clock(last))" : "was notified at \(Self.clock(last))"
                let repeatText = "repeat_interval \(Self.span(policy.repeatInterval)) not passed"
                if let flap {
                    return NotificationDecision(outcome: .duplicate, group: key, deliverAt: nil,
                                                reason: "flap hidden: firing again before the group's next flush at \(Self.clock(flap)), so its resolution is not sent; the same alert \(when); \(repeatText)")
                }
                return NotificationDecision(outcome: .duplicate, group: key, deliverAt: nil,
                                            reason: "duplicate: the same alert \(when) and is still firing; \(repeatText)")
            }
            group.notified[fingerprint] = time
            return NotificationDecision(outcome: .sent, group: key, deliverAt: time,
                                        reason: "repeat: last notified at \(Self.clock(last)), repeat_interval \(Self.span(policy.repeatInterval)) passed")
        }
        let at = group.nextFlush(after: time)
        group.notified[fingerprint] = at
        group.withdrawn[fingerprint] = nil
        if at == time {
            return NotificationDecision(outcome: .sent, group: key, deliverAt: at,
                                        reason: isNewGroup ? "sent: first alert of group \(key)" : "sent with group \(key)")
        }
        let why = isNewGroup ? "first alert of a new group waits group_wait \(Self.span(policy.groupWait))"
            : "joins group \(key), next flush (group_interval \(Self.span(policy.groupInterval)))"
        return NotificationDecision(outcome: .grouped, group: key, deliverAt: at, reason: "grouped: \(why); sent at \(Self.clock(at))")
    }

    /// Why `notification` may not be sent at `time` (a silence, a firing page), or nil. A
    /// muted alert that still fires is sent once nothing mutes it (the caller asks again),
    /// as Alertmanager notifies a group once its silence expires or its inhibitor resolves.
    public func muted(_ notification: AlertNotification, at time: Timestamp) -> NotificationDecision? {
        let key = policy(of: notification.receiver).groupKey(receiver: notification.receiver, labels: notification.labels)
        if let silence = silences.first(where: { $0.isActive(at: time) && $0.matches(notification.labels) }) {
            return NotificationDecision(outcome: .silenced, group: key, deliverAt: nil,
                                        reason: "silenced by \(silence.id) \(silence.matcherText) until \(Self.clock(silence.endsAt)), set by \(silence.createdBy)")
        }
        let fingerprint = notification.fingerprint
        if notification.kind == .notify,
           let source = firingPages.filter({ $0.value == notification.subject && $0.key != fingerprint }).keys.sorted().first {
            return NotificationDecision(outcome: .inhibited, group: key, deliverAt: nil,
                                        reason: "inhibited: the page \(source) is firing for the same labels")
        }
        return nil
    }

    /// The alert with these labels resolved at `time`: it mutes nothing from now, and each
    /// group that notified it reports the resolution at its next flush (at once for a
    /// receiver without grouping); a group that has it still queued withdraws it. Answers
    /// those resolutions and withdrawals, by receiver.
    public mutating func resolve(labels: [String: String], at time: Timestamp) -> [Resolution] {
        let fingerprint = Labels(labels).fingerprint
        firingPages[fingerprint] = nil
        var resolutions: [Resolution] = []
        for key in groups.keys.sorted() {
            guard var group = groups[key], group.notified[fingerprint] != nil else { continue }
            group.settle(at: time)
            guard group.notified[fingerprint] != nil else { groups[key] = group.isEmpty ? nil : group; continue }
            if let queued = group.notified[fingerprint], queued > time {
                // Queued and not yet sent: Alertmanager would send neither "firing" nor "resolved".
                group.notified[fingerprint] = nil
                group.withdrawn[fingerprint] = queued
                groups[key] = group
                counts[.withdrawn, default: 0] += 1
                let which = queued == group.firstFlush ? "first" : "next"
                resolutions.append(Resolution(receiver: group.receiver, group: key, deliverAt: queued,
                                              reason: "withdrawn — resolved before its group's \(which) flush at \(Self.clock(queued))",
                                              isWithdrawal: true))
                continue
            }
            let flush = group.nextFlush(after: time)
            group.resolving[fingerprint] = flush
            if flush <= time { group.settle(at: time) }
            groups[key] = group.isEmpty ? nil : group
            let reason = flush <= time ? "resolved: sent at once"
                : "resolved: held for group \(key)'s next flush at \(Self.clock(flush)) (group_interval \(Self.span(group.interval)))"
            resolutions.append(Resolution(receiver: group.receiver, group: key, deliverAt: flush, reason: reason))
        }
        return resolutions
    }

    /// The page with these labels mutes nothing any more, though nothing resolves it (a
    /// runbook's page, taken up from an earlier run: Alertmanager ends such an event itself).
    public mutating func stopInhibiting(labels: [String: String]) {
        firingPages[Labels(labels).fingerprint] = nil
    }

    /// `14:05:30` (UTC), for reasons.
    public static func clock(_ time: Timestamp) -> String {
        let seconds = ((time / 1000) % 86_400 + 86_400) % 86_400
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }

    /// `30s`, `5m`, `4h`, `1h30m`.
    static func span(_ ms: Milliseconds) -> String {
        var s = ms / 1000, text = ""
        if s == 0 { return "0s" }
        for (unit, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60), ("s", 1)] where s >= size {
            text += "\(s / size)\(unit)"
            s %= size
        }
        return text
    }
}
