import VigilActions
import VigilRuntime
import VigilRules
import VigilSeries
import VigilStore

/// Where a rule's (or runbook step's) `page` and `notify` meet the `NotificationDispatcher`
/// on their way to the actions layer: each is deduplicated, silenced, inhibited or grouped,
/// and the decision is journaled beside the action with its reason (a journal note of kind
/// `sent`, `grouped`, `duplicate`, `silenced` or `inhibited`). Silences are journaled too
/// (kind `silence`), so a later `vigil watch` on the same database keeps them.
public final class NotificationRouter {
    public private(set) var dispatcher = NotificationDispatcher()
    /// The alert labels offered per rule and rule label set: what a resolution ends.
    private var offered: [String: Set<[String: String]>] = [:]
    private var silenceCount = 0
    /// Silenced and inhibited notifications whose alert still fires, by rule and label set:
    /// sent once nothing mutes them, dropped when their alert resolves.
    private var held: [String: [(action: Action, muted: NotificationDecision)]] = [:]

    /// The journal note kinds of decisions, and of a silence.
    public static let decisionKinds: Set<String> = Set(NotificationDecision.Outcome.allCases.map(\.rawValue))
    public static let silenceKind = "silence"
    /// The trigger notes carry in their origin: what tells them from the action they describe.
    public static let noteTrigger = "notification"

    public var suppressedDuplicates: Int { dispatcher.suppressedDuplicates }
    /// The muted notifications sent later, once nothing muted them: when, the call, and why.
    public private(set) var releases: [(time: Timestamp, call: String, reason: String)] = []

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

    /// Decides on `action` and journals the decision through `layer`; answers the decision
    /// (deliver the action at `deliverAt`, or not at all).
    func route(_ action: Action, layer: ActionsLayer) throws -> NotificationDecision {
        let notification = AlertNotification(kind: action.kind == "page" ? .page : .notify, receiver: action.target, labels: action.labels)
        let decision = dispatcher.offer(notification, at: action.time)
        offered[Self.offerKey(action.origin.name, action.labelSet), default: []].insert(action.labels)
        // A runbook step's notification is a one-off: there is no firing to outlive its mute.
        if !decision.isDelivered, decision.outcome != .duplicate, action.origin.kind == .rule {
            held[Self.offerKey(action.origin.name, action.labelSet), default: []].append((action, decision))
        }
        try journal(action, decision, notification.kind, layer: layer)
        return decision
    }

    private func journal(_ action: Action, _ decision: NotificationDecision, _ kind: AlertNotification.Kind,
                         layer: ActionsLayer, time: Timestamp? = nil, suffix: String = "") throws {
        // The receiver is named in an annotation, not as the note's target: a note goes nowhere.
        var annotations = ["notification_kind": kind.rawValue, "receiver": action.target]
        if let at = decision.deliverAt { annotations["deliver_at"] = String(at) }
        let note = Action(kind: decision.outcome.rawValue, target: "", call: "\(action.call) — \(decision.reason)",
                          labelSet: action.labelSet, labels: action.labels, annotations: annotations, observed: action.observed,
                          origin: Action.Origin(kind: action.origin.kind, name: action.origin.name, trigger: Self.noteTrigger),
                          time: time ?? action.time, key: IdempotencyKey(text: "\(action.key.text)|notification\(suffix)"))
        try layer.submit([note], at: time ?? action.time)
    }

    /// Sends the held notifications nothing mutes at `time` any more (their silence ended,
    /// the page that inhibited them resolved): each is journaled with why, and delivered.
    var isHolding: Bool { !held.isEmpty }

    func release(at time: Timestamp, layer: @autoclosure () throws -> ActionsLayer) throws {
        guard !held.isEmpty else { return }
        let layer = try layer()
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

    /// The rule's alerts for `labels` resolved: they mute nothing now and firing again is news.
    func resolve(rule: String, labels: Labels, at time: Timestamp) {
        held[Self.offerKey(rule, labels.fingerprint)] = nil
        for alert in offered.removeValue(forKey: Self.offerKey(rule, labels.fingerprint)) ?? [] {
            dispatcher.resolve(labels: alert, at: time)
        }
    }

    /// Sets a silence from `time` for `duration`, journaled so it outlives the run.
    func silence(matchers: [String: String], from time: Timestamp, for duration: Milliseconds, createdBy: String,
                 origin: Action.Origin, layer: ActionsLayer) throws -> Silence {
        silenceCount += 1
        let silence = Silence(id: "silence-\(time / 1000)-\(silenceCount)", matchers: matchers, startsAt: time,
                              endsAt: time + duration, createdBy: createdBy)
        dispatcher.add(silence)
        let note = Action(kind: Self.silenceKind, target: "",
                          call: "silence \(silence.matcherText) until \(Self.clock(silence.endsAt)) — \(silence.id), set by \(createdBy)",
                          labels: matchers, annotations: ["silence_id": silence.id, "starts_at": String(silence.startsAt),
                                                          "ends_at": String(silence.endsAt), "created_by": createdBy],
                          origin: origin, time: time, key: IdempotencyKey(text: "silence|\(silence.id)"))
        try layer.submit([note], at: time)
        return silence
    }

    /// Takes up what earlier runs on this journal left in force (a dry run's plans are not):
    /// their silences, and the notifications of runbook steps (which never resolve), so running a runbook again
    /// within `repeat_interval` does not page the same on-call twice. A rule's notification
    /// is not taken up: a restarted watch resumes its firing rules without notifying again,
    /// and a resolution makes the next firing news.
    public func restore(from records: [JournalRecord]) {
        for record in records where record.state != .planned {
            let action = record.action, a = action.annotations
            if action.kind == Self.silenceKind, let id = a["silence_id"], let start = a["starts_at"].flatMap(Int64.init),
               let end = a["ends_at"].flatMap(Int64.init) {
                dispatcher.add(Silence(id: id, matchers: action.labels, startsAt: start, endsAt: end,
                                       createdBy: a["created_by"] ?? action.origin.name))
            } else if action.origin.trigger == Self.noteTrigger, action.origin.kind == .step,
                      let at = a["deliver_at"].flatMap(Int64.init), let receiver = a["receiver"],
                      let kind = a["notification_kind"].flatMap(AlertNotification.Kind.init) {
                dispatcher.remember(AlertNotification(kind: kind, receiver: receiver, labels: action.labels), notifiedAt: at)
            }
        }
    }

    /// `2 sent, 1 grouped, 3 duplicates suppressed, 1 silenced, 1 inhibited`, from journal
    /// notes; nil when every notification was simply sent as it fired (nothing to tell).
    public static func summary(of records: [JournalRecord]) -> String? {
        let kinds = records.filter { $0.action.origin.trigger == noteTrigger }.map(\.action.kind)
        guard kinds.contains(where: { $0 != NotificationDecision.Outcome.sent.rawValue }) else { return nil }
        return NotificationDecision.Outcome.allCases.compactMap { outcome in
            let n = kinds.filter { $0 == outcome.rawValue }.count
            guard n > 0 else { return nil }
            return outcome == .duplicate ? "\(n) duplicate\(n == 1 ? "" : "s") suppressed" : "\(n) \(outcome.rawValue)"
        }.joined(separator: ", ")
    }

    private static func offerKey(_ rule: String, _ labelSet: String) -> String { "\(rule)|\(labelSet)" }

    static func clock(_ time: Timestamp) -> String {
        String(VigilRuntime.Value.number(Double(time) / 1000, .timestamp).literal.drop { $0 == "@" })
    }
}
