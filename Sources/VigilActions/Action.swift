import Foundation
import VigilSeries

/// One action on its way out: what to do, where, for which rule/step/canary and label set.
///
/// Every caller (rules, canaries, runbooks, the REPL) builds one of these and hands it to the
/// `ActionsLayer`, which journals it before anything is delivered.
public struct Action: Codable, Equatable, Sendable {
    /// What ran the action: a rule transition, a runbook step, a canary transition.
    public struct Origin: Codable, Equatable, Sendable {
        public enum Kind: String, Codable, Sendable { case rule, step, canary, script }
        public let kind: Kind
        /// The rule, step or canary name.
        public let name: String
        /// `fired`, `resolved`, a canary transition (`rollback`, `promote`…), or `run`.
        public let trigger: String

        public init(kind: Kind, name: String, trigger: String) {
            self.kind = kind
            self.name = name
            self.trigger = trigger
        }
    }

    /// The action's name: `page`, `webhook`, `rollback`, `notify`, …
    public let kind: String
    /// The receiver name (`checkout-oncall`), the URL of a webhook, or a service for canary actions.
    public let target: String
    /// The call as written: `page("checkout-oncall", "fast burn", severity: P1)`.
    public let call: String
    /// The alert's label set: the rule's labels plus alertname/service/severity.
    public let labels: [String: String]
    /// summary, runbook_url and the observed values.
    public let annotations: [String: String]
    /// The condition's comparisons when the action ran: `error_rate = 2.1% > 1%`.
    public let observed: String
    public let origin: Origin
    /// When the transition happened (the firing time for a rule), milliseconds.
    public let time: Timestamp
    /// A webhook's JSON body, as text; nil for other actions.
    public let body: String?
    public let key: IdempotencyKey
    /// The fingerprint of the rule's label set the action ran for (`{service="checkout"}`).
    public let labelSet: String
    /// The rule whose firing keeps an alert this action raises active, when it is not the
    /// action's own rule: a runbook's `trigger`, for the pages of a run it started. Such an
    /// alert is re-sent while that rule fires for `labelSet` and resolved when it resolves.
    public let heldBy: String?

    public init(kind: String, target: String, call: String, labelSet: String = "{}", labels: [String: String] = [:],
                annotations: [String: String] = [:], observed: String = "", origin: Origin, time: Timestamp,
                body: String? = nil, key: IdempotencyKey, heldBy: String? = nil) {
        self.kind = kind
        self.target = target
        self.call = call
        self.labels = labels
        self.annotations = annotations
        self.observed = observed
        self.origin = origin
        self.time = time
        self.body = body
        self.key = key
        self.labelSet = labelSet
        self.heldBy = heldBy
    }

    /// The rule whose firing keeps the alert this action raises active in Alertmanager: its
    /// own rule, or the trigger that started its runbook. Nil for a one-shot event (a page
    /// from a runbook run by hand), which Alertmanager resolves at its `endsAt`.
    public var holdingRule: String? { heldBy ?? (origin.kind == .rule ? origin.name : nil) }

    /// True for an action that ends an alert (a rule's resolution of a page).
    public var resolves: Bool { origin.trigger == "resolved" && kind == "page" }

    /// An `exec`: a program run on this machine, journaled before it starts, its outcome after.
    public var runsProgram: Bool { kind == "exec" }

    /// Actions whose receiver must be declared: without one they cannot be delivered.
    public var needsReceiver: Bool { kind == "page" || kind == "notify" }
}
