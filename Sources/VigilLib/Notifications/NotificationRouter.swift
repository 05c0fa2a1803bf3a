import VigilActions
import VigilRuntime
import VigilRules
import VigilSeries
import VigilStore

/// Where a rule's (or runbook step's) `page` and `notify` meet the `NotificationDispatcher`
/// on their way to the actions layer: each is deduplicated, silenced, inhibited or grouped,
/// and the decision is journaled beside the action with its reason (a journal note of kind
/// `sent`, `grouped`, `duplicate`, `silenced` or `inhibited`; `withdrawn` when a queued alert
/// resolves before its group's flush). Silences are journaled too
/// (kind `silence`), so a later `vigil watch` on the same database keeps them.
public final class NotificationRouter {
    public internal(set) var dispatcher = NotificationDispatcher()
    /// The notifications offered per rule and rule label set: what a resolution ends.
    private var offered: [String: [Action]] = [:]
    /// Resolutions held for their group's next flush: journaled (and so sent) then, unless
    /// the alert fires again first.
    private var resolving: [HeldResolution] = []
    var silenceCount = 0
    /// Silenced and inhibited notifications whose alert still fires, by rule and label set:
    /// sent once nothing mutes them, dropped when their alert resolves.
    private var held: [String: [(action: Action, muted: NotificationDecision)]] = [:]

    /// The journal note kinds of decisions, of a resolution, and of a silence.
    public static let decisionKinds: Set<String> = Set(NotificationDecision.Outcome.allCases.map(\.rawValue))
    public static let resolutionKind = "resolution"
    public static let silenceKind = "silence"
    /// The trigger notes carry in their origin: what tells them from the action they describe.
    public static let noteTrigger = "notification"

    public var suppressedDuplicates: Int { dispatcher.suppressedDuplicates }
    /// The muted notifications sent later, once nothing muted them: when, the call, and why.
    public private(set) var releases: [(time: Timestamp, call: String, reason: String)] = []
    /// The queued notifications withdrawn because their alert resolved before their group's
    /// flush: when, the call, and why.
    public private(set) var withdrawals: [(time: Timestamp, call: String, reason: String)] = []

    public init() {}

    /// `2 sent, 1 grouped, 3 duplicates suppressed, 1 silenced`: this session's decisions.
    public var countsText: String? {
        let text = NotificationDecision.Outcome.allCases.compactMap { outcome -> String? in
            guard let n = dispatcher.counts[outcome], n > 0 else { return nil }
            return outcome == .duplicate ? "\(n) duplicate\(n == 1 ? "" : "s") suppressed" : "\(n) \(outcome.rawValue)"
        }.joined(separator: ", ")
        return text.isEmpty ? nil : text
    }

    func use(policies: [String: NotificationPolicy]) { dispatcher.policies = policies }

    /// True for the actions the dispatcher decides on: a firing rule's or a runbook step's `page` and
    /// `notify` (a `resolve` action says the alert ended: it is sent as it is).
    static func routes(_ action: Action) -> Bool {
        action.needsReceiver && action.origin.trigger != "resolved" && (action.origin.kind == .rule || action.origin.kind == .step)
    }

    /// Decides on `action`; answers the decision (deliver the action at `deliverAt`, or not at
    /// all) and the note that journals it, which the caller journals with the action, as of
    /// the action's time, in one transaction.
    func route(_ action: Action, layer: ActionsLayer) throws -> (decision: NotificationDecision, note: Action) {
        try releaseResolutions(at: action.time, layer: layer)
        let decision = offer(action)
        // A runbook step's notification is a one-off: there is no firing to outlive its mute.
        if !decision.isDelivered, decision.outcome != .duplicate, action.origin.kind == .rule {
            held[Self.offerKey(action.origin.name, action.labelSet), default: []].append((action, decision))
        }
        return (decision, note(action, decision, Self.notification(action).kind, time: action.time))
    }

    /// Offers `action` to the dispatcher; firing again cancels the alert's held resolution.
    private func offer(_ action: Action) -> NotificationDecision {
        let decision = dispatcher.offer(Self.notification(action), at: action.time)
        let key = Self.offerKey(action.origin.name, action.labelSet)
        if !offered[key, default: []].contains(where: { $0.target == action.target && $0.labels == action.labels }) {
            offered[key, default: []].append(action)
        }
        resolving.removeAll { $0.offerKey == key && $0.receiver == action.target }
        return decision
    }

    static func notification(_ action: Action) -> AlertNotification {
        AlertNotification(kind: action.kind == "page" ? .page : .notify, receiver: action.target, labels: action.labels)
    }

    private func journal(_ action: Action, _ decision: NotificationDecision, _ kind: AlertNotification.Kind,
                         layer: ActionsLayer, time: Timestamp, suffix: String) throws {
        try layer.submit([note(action, decision, kind, time: time, suffix: suffix)], at: time)
    }

    /// The journal note of a decision on `action`, made at `time`.
    private func note(_ action: Action, _ decision: NotificationDecision, _ kind: AlertNotification.Kind,
                      time: Timestamp, suffix: String = "") -> Action {
        // The receiver is named in an annotation, not as the note's target: a note goes nowhere.
        // The action's own annotations go along, so a restarted watch can still send it.
        var annotations = action.annotations.merging(["notification_kind": kind.rawValue, "receiver": action.target]) { $1 }
        if let at = decision.deliverAt { annotations["deliver_at"] = String(at) }
        return Action(kind: decision.outcome.rawValue, target: "", call: "\(action.call) — \(decision.reason)",
                      labelSet: action.labelSet, labels: action.labels, annotations: annotations, observed: action.observed,
                      origin: Action.Origin(kind: action.origin.kind, name: action.origin.name, trigger: Self.noteTrigger),
                      time: time, key: IdempotencyKey(text: "\(action.key.text)|notification\(suffix)"))
    }

    /// Sends the held notifications nothing mutes at `time` any more (their silence ended,
    /// the page that inhibited them resolved): each is journaled with why, and delivered.
    var isHolding: Bool { !held.isEmpty || !resolving.isEmpty }

    func release(at time: Timestamp, layer: @autoclosure () throws -> ActionsLayer) throws {
        guard isHolding else { return }
        let layer = try layer()
        try releaseResolutions(at: time, layer: layer)
        for (key, entries) in held.sorted(by: { $0.key < $1.key }) {
            var still: [(action: Action, muted: NotificationDecision)] = []
            for entry in entries {
                let notification = AlertNotification(kind: entry.action.kind == "page" ? .page : .notify,
                                                     receiver: entry.action.target, labels: entry.action.labels)
                guard dispatcher.muted(notification, at: time) == nil else { still.append(entry); continue }
                // Found late (a replay sees only its changes), a silence's end is still when it ended.
                let ended = entry.muted.outcome == .silenced
                    ? dispatcher.silences.filter { $0.matches(notification.labels) && $0.endsAt <= time }.map(\.endsAt).max() : nil
                let at = max(ended ?? time, entry.action.time)
                let offered = dispatcher.offer(notification, at: at)
                let why = entry.muted.outcome == .silenced ? "its silence ended" : "the page that inhibited it resolved"
                let decision = NotificationDecision(outcome: offered.outcome, group: offered.group, deliverAt: offered.deliverAt,
                                                    reason: "still firing and \(why); \(offered.reason)")
                try journal(entry.action, decision, notification.kind, layer: layer, time: at, suffix: "|released")
                releases.append((at, entry.action.call, decision.reason))
                if let at = decision.deliverAt { try layer.submit([entry.action], at: at) }
            }
            held[key] = still.isEmpty ? nil : still
        }
    }

    /// What resolving a rule's label set did beyond resolving its alerts now.
    struct Resolved {
        /// The receivers not told of the resolution now: held for their group's next flush,
        /// or never (the alert was withdrawn).
        var notNow: Set<String> = []
        /// The queued notifications withdrawn, by the key they were journaled under.
        var withdrawn: [(key: IdempotencyKey, decision: NotificationDecision)] = []
    }

    /// The rule's alerts for `labels` resolved: they mute nothing now, and each receiver's
    /// group reports the resolution at its next flush, or withdraws the alert if it is still
    /// queued (its pending entry becomes `withdrawn`). Each decision is journaled (a note of
    /// kind `resolution` or `withdrawn`).
    func resolve(rule: String, labels: Labels, at time: Timestamp, layer: ActionsLayer) throws -> Resolved {
        let key = Self.offerKey(rule, labels.fingerprint)
        held[key] = nil
        var resolved = Resolved()
        for action in offered.removeValue(forKey: key) ?? [] {
            for var resolution in dispatcher.resolve(labels: action.labels, at: time) where resolution.receiver == action.target {
                if resolution.isWithdrawal {
                    if try layer.withdraw(action, at: time) {
                        let decision = NotificationDecision(outcome: .withdrawn, group: resolution.group, deliverAt: nil,
                                                            reason: resolution.reason)
                        try journal(action, decision, Self.notification(action).kind, layer: layer, time: time,
                                    suffix: "|withdrawn|\(time)")
                        withdrawals.append((time, action.call, resolution.reason))
                        resolved.withdrawn.append((action.key, decision))
                        resolved.notNow.insert(resolution.receiver)
                        continue
                    }
                    // Its flush went out before this (late) evaluation: Alertmanager has it, so it hears the resolution.
                    resolution = .init(receiver: resolution.receiver, group: resolution.group, deliverAt: time,
                                       reason: "resolved: sent at once, as its group's flush at \(NotificationDispatcher.clock(resolution.deliverAt)) already sent it")
                }
                try journalResolution(of: action, resolution, at: time, layer: layer)
                guard resolution.deliverAt > time else { continue }
                resolved.notNow.insert(resolution.receiver)
                resolving.append(HeldResolution(rule: rule, labelSet: labels.fingerprint, receiver: resolution.receiver,
                                                resolvedAt: time, at: resolution.deliverAt))
            }
        }
        return resolved
    }

    private func journalResolution(of action: Action, _ resolution: NotificationDispatcher.Resolution, at time: Timestamp,
                                   layer: ActionsLayer) throws {
        let note = Action(kind: Self.resolutionKind, target: "", call: "resolve \(action.call) — \(resolution.reason)",
                          labelSet: action.labelSet, labels: action.labels,
                          annotations: ["notification_kind": Self.notification(action).kind.rawValue, "receiver": resolution.receiver,
                                        "deliver_at": String(resolution.deliverAt)],
                          origin: Action.Origin(kind: action.origin.kind, name: action.origin.name, trigger: Self.noteTrigger),
                          time: time, key: IdempotencyKey(text: "\(action.key.text)|resolution|\(time)"))
        try layer.submit([note], at: time)
    }

    /// Journals the resolutions whose group has flushed by `time` (at that flush), so
    /// Alertmanager hears them; an alert that fired again since its resolution is left alone.
    private func releaseResolutions(at time: Timestamp, layer: ActionsLayer) throws {
        let due = resolving.filter { $0.at <= time }
        guard !due.isEmpty else { return }
        resolving.removeAll { $0.at <= time }
        let batches = Dictionary(grouping: due) { "\($0.offerKey)|\($0.at)" }
        for key in batches.keys.sorted() {
            let batch = batches[key]!, first = batch[0]
            let receivers = Set(batch.map(\.receiver))
            try layer.resolveAlerts(rule: first.rule, labelSet: first.labelSet, at: first.at) {
                receivers.contains($0.target) && $0.time <= first.resolvedAt
            }
        }
    }

    /// Takes up what earlier runs on this journal left in force (a dry run's plans are not)
    /// by playing their journaled decisions into the dispatcher in order, as Alertmanager
    /// reads its notification log back: silences, groups and their flushes (a restarted
    /// watch neither sends a group again within `repeat_interval` nor forgets a pending
    /// `group_wait`), the pages that inhibit, resolutions held for a flush, and withdrawals
    /// (the withdrawn alert is not queued any more: its group lives on until that flush).
    public func restore(from records: [JournalRecord]) {
        for record in records where record.state != .planned {
            let action = record.action, a = action.annotations
            if let silence = Self.silence(from: record) {
                dispatcher.add(silence)
                continue
            }
            guard action.origin.trigger == Self.noteTrigger, let receiver = a["receiver"],
                  let kind = a["notification_kind"].flatMap(AlertNotification.Kind.init) else { continue }
            // The notification the note decided on, as it was offered.
            let call = action.call.components(separatedBy: " — ").first ?? action.call
            let noteKeys: Set<String> = ["notification_kind", "receiver", "deliver_at"]
            let original = action.key.text.components(separatedBy: "|notification").first ?? action.key.text
            let offered = Action(kind: kind.rawValue, target: receiver, call: call, labelSet: action.labelSet, labels: action.labels,
                                 annotations: a.filter { !noteKeys.contains($0.key) }, observed: action.observed,
                                 origin: Action.Origin(kind: action.origin.kind, name: action.origin.name, trigger: "fired"),
                                 time: action.time, key: IdempotencyKey(text: original))
            let key = Self.offerKey(action.origin.name, action.labelSet)
            if action.key.text.hasSuffix("|notification|released") {
                // Sent once nothing muted it: no longer held.
                held[key]?.removeAll { $0.action.key.text == original }
                if held[key]?.isEmpty == true { held[key] = nil }
                _ = dispatcher.offer(Self.notification(offered), at: action.time)
            } else if action.kind == NotificationDecision.Outcome.withdrawn.rawValue {
                // Resolved while queued: its entry is `withdrawn`, and nothing of it is owed.
                held[key] = nil
                forget(receiver, action.labels, key)
                _ = dispatcher.resolve(labels: action.labels, at: action.time)
            } else if Self.decisionKinds.contains(action.kind) {
                let decision = offer(offered)
                // A runbook run's page never resolves: an earlier run's does not inhibit this run's tickets.
                if action.origin.kind == .step { dispatcher.stopInhibiting(labels: action.labels) }
                // Muted and still firing when that run stopped: sent once nothing mutes it.
                if !decision.isDelivered, decision.outcome != .duplicate, action.origin.kind == .rule {
                    held[key, default: []].append((offered, decision))
                }
            } else if action.kind == Self.resolutionKind {
                held[key] = nil
                forget(receiver, action.labels, key)
                _ = dispatcher.resolve(labels: action.labels, at: action.time)
                if let at = a["deliver_at"].flatMap(Int64.init), at > action.time {
                    resolving.append(HeldResolution(rule: action.origin.name, labelSet: action.labelSet, receiver: receiver,
                                                    resolvedAt: action.time, at: at))
                }
            }
        }
        dispatcher.resetCounts()
    }

    /// Forgets the notification to `receiver` offered for `labels` under `key`: it resolved.
    private func forget(_ receiver: String, _ labels: [String: String], _ key: String) {
        offered[key]?.removeAll { $0.target == receiver && $0.labels == labels }
        if offered[key]?.isEmpty == true { offered[key] = nil }
    }

    /// Forgets the muted notifications taken up from earlier runs whose rule does not fire
    /// for their label set now (the watch restored its rules' states after the journal).
    func keepHeld(firing: Set<String>) {
        held = held.filter { firing.contains($0.key) }
    }

    static func firingKey(rule: String, labels: Labels) -> String { offerKey(rule, labels.fingerprint) }

    /// `2 sent, 1 grouped, 3 duplicates suppressed, 1 silenced, 1 inhibited, 1 withdrawn`, from journal
    /// notes; nil when every notification was simply sent as it fired (nothing to tell).
    public static func summary(of records: [JournalRecord]) -> String? {
        let kinds = records.filter { $0.action.origin.trigger == noteTrigger && decisionKinds.contains($0.action.kind) }.map(\.action.kind)
        guard kinds.contains(where: { $0 != NotificationDecision.Outcome.sent.rawValue }) else { return nil }
        return NotificationDecision.Outcome.allCases.compactMap { outcome in
            let n = kinds.filter { $0 == outcome.rawValue }.count
            guard n > 0 else { return nil }
            return outcome == .duplicate ? "\(n) duplicate\(n == 1 ? "" : "s") suppressed" : "\(n) \(outcome.rawValue)"
        }.joined(separator: ", ")
    }

    private static func offerKey(_ rule: String, _ labelSet: String) -> String { "\(rule)|\(labelSet)" }

    /// A resolution waiting for its group's flush at `at`.
    private struct HeldResolution {
        let rule: String
        let labelSet: String
        let receiver: String
        let resolvedAt: Timestamp
        let at: Timestamp
        var offerKey: String { NotificationRouter.offerKey(rule, labelSet) }
    }

    static func clock(_ time: Timestamp) -> String {
        String(VigilRuntime.Value.number(Double(time) / 1000, .timestamp).literal.drop { $0 == "@" })
    }
}
