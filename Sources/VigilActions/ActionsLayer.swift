import Foundation
import VigilSeries

/// The one way actions leave Vigil: journal first, then deliver, then mark delivered.
///
/// `submit` journals (the commit point). `deliverDue` sends what is pending — after a crash
/// that is whatever the last process journaled but never marked — and marks the outcome;
/// a crash between a delivery and its mark sends it again under the same idempotency key,
/// which receivers deduplicate (Alertmanager by label set, webhooks by `Idempotency-Key`).
/// In `planned` mode (replays, `vigil test`, `--dry-run`) actions are journaled as planned
/// and nothing is sent.
public final class ActionsLayer {
    public enum Mode: String, Sendable { case deliver, planned }

    /// How often a firing alert is sent again, as Prometheus's `--rules.alert.resend-delay`.
    public static let resendDelay: Milliseconds = 60_000
    /// Alerts per POST to one Alertmanager, as Prometheus's notifier batches them.
    static let batchSize = 64

    public let store: any ActionJournalStore
    public let mode: Mode
    public let run: String
    public var receivers: [String: DeliveryTarget]
    public var retry: RetryPolicy
    /// The longest an `exec`'d program may run (the runner kills it then).
    public var programTimeout: Milliseconds = 60_000
    static let programGrace: Milliseconds = 10_000
    let poster: (any HTTPPoster)?
    /// While set, `submit` and `resolveAlerts` collect into this batch and `commit` writes it
    /// (with the rule states) in one transaction: how `vigil watch` journals a tick.
    private var open: JournalBatch?
    /// New records an open batch already wrote (a program journaled before it ran).
    private var flushedNew: [JournalRecord] = []
    /// The actions this layer journaled as pending, by key, until final: delivery reads which
    /// are due from the journal but need not decode what it still holds. After a crash the
    /// journal's copy is decoded.
    var pendingActions: [IdempotencyKey: Action] = [:]

    public init(store: any ActionJournalStore, mode: Mode, run: String, receivers: [String: DeliveryTarget] = [:],
                poster: (any HTTPPoster)?, retry: RetryPolicy = RetryPolicy()) {
        self.store = store
        self.mode = poster == nil ? .planned : mode
        self.run = run
        self.receivers = receivers
        self.poster = poster
        self.retry = retry
    }

    /// Where an action goes: a webhook's own URL, or its receiver's declared target.
    public func destination(of action: Action) -> DeliveryTarget? {
        if action.kind == "webhook" { return .webhook(url: action.target) }
        return receivers[action.target]
    }

    /// Journals actions in one transaction; answers the records, each marked whether it was
    /// new (a key already journaled keeps its entry and is not delivered again).
    @discardableResult
    public func submit(_ actions: [Action], at time: Timestamp) throws -> [(record: JournalRecord, isNew: Bool)] {
        try submit(actions.map { (action: $0, at: time) })
    }

    /// The same, each action journaled as of its own time (a notification's decision when it
    /// was made, the notification itself at its group's flush).
    @discardableResult
    public func submit(_ entries: [(action: Action, at: Timestamp)]) throws -> [(record: JournalRecord, isNew: Bool)] {
        var alerts: [ActiveAlert] = []
        let records = entries.map { action, time -> JournalRecord in
            let target = destination(of: action)
            // An action with no target outside the process (a canary transition, an annotation)
            // is done once journaled; one that needs an undeclared receiver is a dead letter.
            // A program an `exec` runs stays pending until its outcome is recorded on the entry.
            // Only a runbook step runs one: elsewhere (a rule's `then`) nothing would run it.
            let stray = action.runsProgram && action.origin.kind != .step
            let state: EntryState = mode == .planned ? .planned
                : stray || (action.needsReceiver && target == nil) ? .deadLetter
                : target != nil || action.runsProgram ? .pending : .delivered
            if mode == .deliver, case .alertmanager(let url)? = target, !action.resolves, let rule = action.holdingRule {
                alerts.append(ActiveAlert(id: Self.alertID(action), rule: rule,
                                          labelsFingerprint: action.labelSet, action: action, url: url, lastSentAt: nil))
            }
            // A running program is never due for delivery; once its timeout is over, an entry
            // still pending means the run stopped while (or before) it ran.
            let next = action.runsProgram ? time + programTimeout + Self.programGrace : time
            return JournalRecord(action: action, run: run, destination: target?.description ?? Self.undeclared(action),
                                 state: state, nextAttemptAt: next, createdAt: time, updatedAt: time,
                                 error: state != .deadLetter ? nil : stray
                                     ? "exec runs a program only in a runbook step (`vigil run`, or a runbook a trigger starts)"
                                     : "no receiver named \"\(action.target)\" is declared")
        }
        if open != nil {
            open?.records += records
            open?.activeAlerts += alerts
            // A program is journaled before it starts, not when the evaluation ends.
            if entries.contains(where: { $0.action.runsProgram }) { try flush() }
            return records.map { (record: $0, isNew: true) }
        }
        var batch = JournalBatch()
        batch.records = records
        batch.activeAlerts = alerts
        let isNew = try store.commit(batch)
        remember(records, isNew)
        return Array(zip(records, isNew)).map { (record: $0.0, isNew: $0.1) }
    }

    /// Keeps the actions of new pending entries (a key already journaled keeps the journal's).
    private func remember(_ records: [JournalRecord], _ isNew: [Bool]) {
        for (record, new) in zip(records, isNew) where new && record.state == .pending { pendingActions[record.key] = record.action }
    }

    /// Starts collecting what follows into one batch, until `commit`.
    public func begin() {
        open = JournalBatch()
        flushedNew = []
    }

    /// Writes what the open batch holds so far, and keeps it open.
    private func flush() throws {
        guard let batch = open, !batch.isEmpty else { return }
        let isNew = try store.commit(batch)
        remember(batch.records, isNew)
        flushedNew += zip(batch.records, isNew).filter(\.1).map(\.0)
        open = JournalBatch()
    }

    /// Writes what was collected since `begin`, with the rule states given, in one
    /// transaction; answers the records that were new.
    @discardableResult
    public func commit(ruleStates: (file: String, byRule: [String: [HeldRuleState]])? = nil) throws -> [JournalRecord] {
        guard var batch = open else { return [] }
        open = nil
        let flushed = flushedNew
        flushedNew = []
        batch.ruleStates = ruleStates
        guard !batch.isEmpty else { return flushed }
        let isNew = try store.commit(batch)
        remember(batch.records, isNew)
        return flushed + zip(batch.records, isNew).filter(\.1).map(\.0)
    }

    /// Journals the resolution of every alert `rule` holds for the label set, so Alertmanager
    /// hears `endsAt` — the rule's `resolve` block need not say so. `only` picks some of them
    /// (those whose group reports the resolution now; the others at its next flush).
    @discardableResult
    public func resolveAlerts(rule: String, labels: Labels, at time: Timestamp,
                              only: (Action) -> Bool = { _ in true }) throws -> [JournalRecord] {
        try resolveAlerts(rule: rule, labelSet: labels.fingerprint, at: time, only: only)
    }

    /// The same, for the label set whose fingerprint is `labelSet`.
    @discardableResult
    public func resolveAlerts(rule: String, labelSet: String, at time: Timestamp,
                              only: (Action) -> Bool = { _ in true }) throws -> [JournalRecord] {
        let ended = Set(open?.endedAlerts ?? [])
        let held = try store.activeAlerts(rule: rule, labels: labelSet).filter { !ended.contains($0.id) && only($0.action) }
        guard !held.isEmpty else { return [] }
        let origin = Action.Origin(kind: .rule, name: rule, trigger: "resolved")
        let resolutions = held.enumerated().map { index, alert in
            Self.resolution(of: alert.action, origin: origin, at: time,
                            key: IdempotencyKey(origin: origin, labelSet: labelSet, time: time, position: 1000 + index))
        }
        if open != nil {
            open?.endedAlerts += held.map(\.id)
            return try submit(resolutions, at: time).map(\.record)
        }
        begin()
        open?.endedAlerts = held.map(\.id)
        _ = try submit(resolutions, at: time)
        return try commit()
    }

    /// Withdraws `action`, journaled for a later delivery (its group's flush) that must not
    /// happen: its entry, still pending, becomes `withdrawn`, so neither this run nor a later
    /// one delivers it, and the alert it would hold in Alertmanager is forgotten without a
    /// resolution (Alertmanager never heard of it). Answers false, withdrawing nothing, when a
    /// delivery of it was already attempted (an evaluation that ran late, after its flush).
    public func withdraw(_ action: Action, at time: Timestamp) throws -> Bool {
        if let record = try store.record(action.key), record.state == .delivered || record.attempts > 0 { return false }
        pendingActions[action.key] = nil
        var batch = open ?? JournalBatch()
        batch.withdrawn.append((key: action.key, at: time))
        batch.activeAlerts.removeAll { $0.action.key == action.key }
        if action.holdingRule != nil { batch.endedAlerts.append(Self.alertID(action)) }
        if open != nil {
            open = batch
        } else {
            _ = try store.commit(batch)
        }
        return true
    }

    /// Journals the resolution of alerts that no rule holds (the pages of a runbook run by
    /// hand, once its `verify` shows the problem gone), keyed `keyPrefix|resolve N`.
    @discardableResult
    public func resolveEvents(_ raised: [Action], origin: Action.Origin, keyPrefix: String,
                              at time: Timestamp) throws -> [JournalRecord] {
        let resolutions = raised.enumerated().map { index, action in
            Self.resolution(of: action, origin: Action.Origin(kind: origin.kind, name: origin.name, trigger: "resolved"),
                            at: time, key: IdempotencyKey(text: "\(keyPrefix)|resolve \(index + 1)"))
        }
        return try submit(resolutions, at: time).map(\.record)
    }

    /// The action that ends the alert `action` raised: its labels and annotations, at `time`.
    static func resolution(of action: Action, origin: Action.Origin, at time: Timestamp, key: IdempotencyKey) -> Action {
        Action(kind: "page", target: action.target, call: "resolve \(action.call)", labelSet: action.labelSet,
               labels: action.labels, annotations: action.annotations, observed: action.observed, origin: origin,
               time: time, body: nil, key: key)
    }

    static func alertID(_ action: Action) -> String {
        "\(action.origin.name)|\(action.labelSet)|\(action.target)"
    }

    private static func undeclared(_ action: Action) -> String {
        if action.runsProgram { return "program \(action.target)" }
        return action.needsReceiver ? "receiver \"\(action.target)\" (not declared)" : "in process"
    }

    /// Records on an `exec` entry journaled before its program started what the program did:
    /// delivered when it exited 0, a dead letter otherwise. Answers the entry as updated.
    @discardableResult
    public func recordOutcome(_ key: IdempotencyKey, succeeded: Bool, summary: String, output: String,
                              at time: Timestamp) throws -> JournalRecord? {
        guard var record = try store.record(key), record.state == .pending else { return try store.record(key) }
        record.state = succeeded ? .delivered : .deadLetter
        record.attempts += 1
        record.updatedAt = time
        record.error = succeeded ? nil : "the program failed: \(summary)"
        record.outcome = output.isEmpty ? summary : summary + "\n" + output
        try store.update([record])
        return try store.record(key)
    }
}
