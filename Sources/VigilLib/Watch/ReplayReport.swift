import Foundation
import VigilActions
import VigilRuntime
import VigilSeries
import VigilSyntax

/// What `vigil replay` prints: per rule, every state change with its time, the values that
/// caused it and the actions it recorded; `vigil watch` prints its lines the same way.
public struct ReplayReport {
    public enum Format: String, CaseIterable, Sendable { case text, json }

    let file: String
    let from: Timestamp
    let to: Timestamp
    let every: Milliseconds?
    let rules: [CompiledRule]
    let transitions: [RuleTransitionRecord]
    /// What the notification dispatcher did beyond the transitions' own lines: the muted
    /// notifications sent later, and the count of each decision.
    public var notifications: NotificationRouter? = nil

    public init(file: String, from: Timestamp, to: Timestamp, every: Milliseconds?, rules: [CompiledRule],
                transitions: [RuleTransitionRecord], notifications: NotificationRouter? = nil) {
        self.file = file
        self.from = from
        self.to = to
        self.every = every
        self.rules = rules
        self.transitions = transitions
        self.notifications = notifications
    }

    public func render(_ format: Format) -> String {
        format == .text ? text() : json()
    }

    public static func time(_ ms: Timestamp) -> String {
        String(Value.number(Double(ms) / 1000, .timestamp).literal.drop { $0 == "@" })
    }

    public static func duration(_ ms: Milliseconds) -> String { QuantityFormat.duration(Double(ms) / 1000) }

    /// `rule "name" (every 30s, for 2m)`: the heading a rule's transitions are listed under.
    public static func heading(_ rule: CompiledRule, every: Milliseconds?) -> String {
        "rule \"\(rule.name)\" (\(timing(rule, every: every)))"
    }

    private static func timing(_ rule: CompiledRule, every: Milliseconds?) -> String {
        var parts = ["every \(Self.duration(RuleRunner.interval(of: rule, override: every)))"]
        if rule.forDuration > 0 { parts.append("for \(Self.duration(rule.forDuration))") }
        if rule.keepFiringFor > 0 { parts.append("keep_firing_for \(Self.duration(rule.keepFiringFor))") }
        return parts.joined(separator: ", ")
    }

    /// One state change and the actions it recorded, as listed under its rule's heading.
    public static func lines(_ t: RuleTransitionRecord) -> [String] {
        let labels = t.labels.isEmpty ? "" : "\(t.labels.fingerprint)  "
        let change = t.from == t.to ? "\(t.to)" : "\(t.from) → \(t.to)"
        return ["  \(Self.time(t.time))  \(labels)\(change)  \(t.observed)"]
            + t.actions.map { a in
                let verb = a.trigger == .fired ? "then" : "resolve"
                // A notification sent as it fired needs no word; grouped, suppressed, silenced and inhibited ones say why.
                guard let n = a.notification, n.outcome != .sent else { return "    \(verb) \(a.call)  [key \(a.idempotencyKey)]" }
                return "    \(verb) \(a.call)  \(n.isDelivered ? "[key \(a.idempotencyKey)]" : "not sent") — \(n.reason)"
            }
    }

    /// `vigil watch`'s closing count, from what this run journaled:
    /// `3 state changes, 2 actions journaled: 1 delivered, 1 dead-letter`.
    public static func watchSummary(_ transitions: [RuleTransitionRecord], journaled records: [JournalRecord]) -> String {
        let actions = records.filter { !JournalTimeline.isNote($0.action) }
        let counts = Dictionary(grouping: actions, by: \.state).mapValues(\.count)
        let states = EntryState.allCases.compactMap { s in counts[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", ")
        return "\(transitions.count) state change\(transitions.count == 1 ? "" : "s"), \(actions.count) action"
            + "\(actions.count == 1 ? "" : "s") journaled" + (states.isEmpty ? "" : ": " + states)
            + (NotificationRouter.summary(of: records).map { "; notifications: \($0)" } ?? "")
    }

    /// The closing count: `3 state changes, 1 action recorded`.
    public static func summary(_ transitions: [RuleTransitionRecord]) -> String {
        let actions = transitions.reduce(0) { $0 + $1.actions.count }
        return "\(transitions.count) state change\(transitions.count == 1 ? "" : "s"), \(actions) action\(actions == 1 ? "" : "s") recorded"
    }

    private func text() -> String {
        var out = ["\(file): replay from \(Self.time(from)) to \(Self.time(to))"]
        for rule in rules {
            out.append(Self.heading(rule, every: every))
            let mine = transitions.filter { $0.rule == rule.name }
            if mine.isEmpty { out.append("  no state changes") }
            for t in mine { out += Self.lines(t) }
        }
        // Only when routing did more than send each notification as it fired: the muted ones
        // sent later and the queued ones withdrawn, in time order.
        if let notifications, let counts = notifications.countsText,
           !notifications.releases.isEmpty || notifications.dispatcher.counts.keys.contains(where: { $0 != .sent }) {
            let later = notifications.releases.map { ($0.time, "sent \($0.call) — \($0.reason)") }
                + notifications.withdrawals.map { ($0.time, "not sent \($0.call) — \($0.reason)") }
            for (time, line) in later.sorted(by: { $0.0 < $1.0 }) { out.append("  \(Self.time(time))  \(line)") }
            out.append("notifications: \(counts)")
        }
        out.append(Self.summary(transitions))
        return out.joined(separator: "\n")
    }

    private func json() -> String {
        let items: [[String: Any]] = rules.map { rule in
            var item: [String: Any] = [
                "name": rule.name, "every": Self.duration(RuleRunner.interval(of: rule, override: every)),
                "for": Self.duration(rule.forDuration), "keep_firing_for": Self.duration(rule.keepFiringFor),
            ]
            item["transitions"] = transitions.filter { $0.rule == rule.name }.map { t -> [String: Any] in
                [
                    "time": Self.time(t.time), "labels": t.labels.dictionary, "from": t.from.rawValue, "to": t.to.rawValue, "observed": t.observed,
                    "actions": t.actions.map { ["call": $0.call, "trigger": $0.trigger.rawValue, "key": $0.idempotencyKey] },
                ]
            }
            return item
        }
        let object: [String: Any] = ["file": file, "from": Self.time(from), "to": Self.time(to), "rules": items]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
