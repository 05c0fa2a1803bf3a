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
    let poster: (any HTTPPoster)?
    /// While set, `submit` and `resolveAlerts` collect into this batch and `commit` writes it
    /// (with the rule states) in one transaction: how `vigil watch` journals a tick.
    private var open: JournalBatch?

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
        var alerts: [ActiveAlert] = []
        let records = actions.map { action -> JournalRecord in
            let target = destination(of: action)
            // An action with no target outside the process (a canary transition, an annotation)
            // is done once journaled; one that needs an undeclared receiver is a dead letter.
            let state: EntryState = mode == .planned ? .planned
                : target != nil ? .pending : action.needsReceiver ? .deadLetter : .delivered
            if mode == .deliver, case .alertmanager(let url)? = target, !action.resolves, action.origin.kind == .rule {
                alerts.append(ActiveAlert(id: Self.alertID(action), rule: action.origin.name,
                                          labelsFingerprint: action.labelSet, action: action, url: url, lastSentAt: nil))
            }
            return JournalRecord(action: action, run: run, destination: target?.description ?? Self.undeclared(action),
                                 state: state, nextAttemptAt: time, createdAt: time, updatedAt: time,
                                 error: state == .deadLetter ? "no receiver named \"\(action.target)\" is declared" : nil)
        }
        if open != nil {
            open?.records += records
            open?.activeAlerts += alerts
            return records.map { (record: $0, isNew: true) }
        }
        var batch = JournalBatch()
        batch.records = records
        batch.activeAlerts = alerts
        let isNew = try store.commit(batch)
        return Array(zip(records, isNew)).map { (record: $0.0, isNew: $0.1) }
    }

    /// Starts collecting what follows into one batch, until `commit`.
    public func begin() { open = JournalBatch() }

    /// Writes what was collected since `begin`, with the rule states given, in one
    /// transaction; answers the records that were new.
    @discardableResult
    public func commit(ruleStates: (file: String, byRule: [String: [HeldRuleState]])? = nil) throws -> [JournalRecord] {
        guard var batch = open else { return [] }
        open = nil
        batch.ruleStates = ruleStates
        guard !batch.isEmpty else { return [] }
        let isNew = try store.commit(batch)
        return zip(batch.records, isNew).filter(\.1).map(\.0)
    }

    /// Journals the resolution of every alert `rule` holds for the label set, so Alertmanager
    /// hears `endsAt` — the rule's `resolve` block need not say so.
    @discardableResult
    public func resolveAlerts(rule: String, labels: Labels, at time: Timestamp) throws -> [JournalRecord] {
        let ended = Set(open?.endedAlerts ?? [])
        let held = try store.activeAlerts().filter {
            $0.rule == rule && $0.labelsFingerprint == labels.fingerprint && !ended.contains($0.id)
        }
        guard !held.isEmpty else { return [] }
        let resolutions = held.enumerated().map { index, alert in
            let origin = Action.Origin(kind: .rule, name: rule, trigger: "resolved")
            return Action(kind: "page", target: alert.action.target, call: "resolve \(alert.action.call)",
                          labelSet: labels.fingerprint, labels: alert.action.labels, annotations: alert.action.annotations,
                          observed: alert.action.observed, origin: origin, time: time, body: nil,
                          key: IdempotencyKey(origin: origin, labels: labels, time: time, position: 1000 + index))
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

    static func alertID(_ action: Action) -> String {
        "\(action.origin.name)|\(action.labelSet)|\(action.target)"
    }

    private static func undeclared(_ action: Action) -> String {
        action.needsReceiver ? "receiver \"\(action.target)\" (not declared)" : "in process"
    }
}
