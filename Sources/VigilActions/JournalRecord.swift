import VigilSeries

/// Where a journaled action stands.
public enum EntryState: String, Codable, CaseIterable, Sendable {
    /// Recorded and never to be delivered: replays, `vigil test`, `--dry-run`.
    case planned
    /// Journaled, waiting for (another) delivery attempt.
    case pending
    /// The receiver accepted it.
    case delivered
    /// Given up on after the retries, or undeliverable (no such receiver, a 4xx answer).
    case deadLetter = "dead-letter"
    /// Queued for its notification group's flush and resolved before it: never delivered,
    /// and no resolution follows (Alertmanager sends neither for an alert it never notified).
    case withdrawn

    /// True when no delivery may happen any more.
    public var isFinal: Bool { self != .pending }
}

/// One action as the journal holds it.
public struct JournalRecord: Equatable, Sendable {
    public let action: Action
    /// The run (one `vigil watch`, `vigil run`, …) that journaled it.
    public let run: String
    /// Where it is delivered (`alertmanager(http://…)`, `webhook(http://…)`), or why it cannot be.
    public let destination: String
    public var state: EntryState
    /// Delivery attempts that finished, successful or not.
    public var attempts: Int
    /// When the next attempt is due, for pending entries.
    public var nextAttemptAt: Timestamp
    public let createdAt: Timestamp
    public var updatedAt: Timestamp
    /// Why the last attempt failed.
    public var error: String?
    /// What a program an `exec` ran did: exit status, duration and output (secrets masked).
    public var outcome: String?

    public init(action: Action, run: String, destination: String, state: EntryState, attempts: Int = 0,
                nextAttemptAt: Timestamp, createdAt: Timestamp, updatedAt: Timestamp, error: String? = nil,
                outcome: String? = nil) {
        self.action = action
        self.run = run
        self.destination = destination
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.error = error
        self.outcome = outcome
    }

    public var key: IdempotencyKey { action.key }
}

/// An alert an Alertmanager holds for us: re-sent while its rule fires, resolved when it ends.
public struct ActiveAlert: Equatable, Sendable {
    /// Rule, label set and receiver: one alert per receiver per firing label set.
    public let id: String
    public let rule: String
    public let labelsFingerprint: String
    public let action: Action
    public let url: String
    /// When Alertmanager last accepted it; nil until the first delivery.
    public var lastSentAt: Timestamp?

    public init(id: String, rule: String, labelsFingerprint: String, action: Action, url: String, lastSentAt: Timestamp?) {
        self.id = id
        self.rule = rule
        self.labelsFingerprint = labelsFingerprint
        self.action = action
        self.url = url
        self.lastSentAt = lastSentAt
    }
}
