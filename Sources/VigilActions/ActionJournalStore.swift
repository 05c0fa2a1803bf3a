import VigilSeries

/// One label set's held state of a rule, kept so a restarted `vigil watch` neither fires
/// (pages) again nor forgets a firing alert.
public struct HeldRuleState: Equatable, Sendable {
    public let rule: String
    public let labels: Labels
    /// `pending` or `firing`.
    public let state: String
    public let activeSince: Timestamp?
    public let firedAt: Timestamp?
    public let keepFiringSince: Timestamp?

    public init(rule: String, labels: Labels, state: String, activeSince: Timestamp?, firedAt: Timestamp?, keepFiringSince: Timestamp?) {
        self.rule = rule
        self.labels = labels
        self.state = state
        self.activeSince = activeSince
        self.firedAt = firedAt
        self.keepFiringSince = keepFiringSince
    }
}

/// What one commit writes, all or nothing: new journal entries, the alerts they raise or
/// end, and (for `vigil watch`) the rule states after the evaluation that ran them. Writing
/// the states with the entries is what makes a crash at any point safe: either both the
/// firing and its page are kept, or neither is and the restart fires and pages once.
public struct JournalBatch: Sendable {
    public var records: [JournalRecord] = []
    public var activeAlerts: [ActiveAlert] = []
    public var endedAlerts: [String] = []
    /// Pending entries withdrawn before their delivery was due: they become `withdrawn` then.
    public var withdrawn: [(key: IdempotencyKey, at: Timestamp)] = []
    /// The watched file and its rules' held states, replacing the stored ones for those rules.
    public var ruleStates: (file: String, byRule: [String: [HeldRuleState]])?

    public init() {}

    public var isEmpty: Bool { records.isEmpty && activeAlerts.isEmpty && endedAlerts.isEmpty && withdrawn.isEmpty && ruleStates == nil }
}

/// The durable side of the actions layer (VigilStore implements it on SQLite).
///
/// `commit` is the commit point: once it returns, a crash loses nothing, and a key that is
/// already journaled is never inserted (or delivered) twice.
public protocol ActionJournalStore: AnyObject {
    /// Writes the batch in one transaction; answers, per record, whether it was new.
    func commit(_ batch: JournalBatch) throws -> [Bool]
    /// The pending records due at `time`, oldest first, at most `limit`.
    func due(at time: Timestamp, limit: Int) throws -> [JournalRecord]
    /// The same, taking the actions of `known` keys as given instead of decoding them.
    func due(at time: Timestamp, limit: Int, known: [IdempotencyKey: Action]) throws -> [JournalRecord]
    /// Stores the new state of pending records after delivery attempts, in one transaction.
    func update(_ records: [JournalRecord]) throws
    /// The record journaled under `key`, if any.
    func record(_ key: IdempotencyKey) throws -> JournalRecord?
    /// Every alert held for re-sending or resolution.
    func activeAlerts() throws -> [ActiveAlert]
    /// The alerts `rule` holds for one label set (by fingerprint).
    func activeAlerts(rule: String, labels: String) throws -> [ActiveAlert]
    /// The alerts last sent at or before `time`: those due to be sent again.
    func activeAlerts(sentAtOrBefore time: Timestamp) throws -> [ActiveAlert]
    /// Stores delivery outcomes and marks the alerts among them sent, in one transaction.
    func update(_ records: [JournalRecord], sent ids: [String], at time: Timestamp) throws
    /// Marks active alerts sent at `time`.
    func markSent(_ ids: [String], at time: Timestamp) throws
    /// The rule states saved for a watched file, by rule.
    func ruleStates(file: String) throws -> [String: [HeldRuleState]]
}
