/// The limits on what actions may do on their own (zero-touch operations need a bounded
/// blast radius): `limit rollback to 3 per 1h`, `limit page to 10 per 1h` (counted per
/// receiver), a global `max_actions_per_minute`, and `require approval for exec` /
/// `require approval for actions above $100`. A pure value: `check` says what may happen to
/// one action given the actions already taken; the caller asks for approval, records the
/// action it took (`GuardrailHistory.record`) and reports a refusal with its reason.
public struct Guardrails: Sendable, Equatable {
    public struct RateLimit: Sendable, Equatable {
        public let action: String
        public let count: Int
        public let period: Int64
        public init(action: String, count: Int, period: Int64) {
            self.action = action
            self.count = count
            self.period = period
        }
        /// As written: `limit rollback to 3 per 1h`.
        public var rule: String { "limit \(action) to \(count) per \(GuardrailText.duration(period))" }
    }

    public var limits: [RateLimit]
    public var maxActionsPerMinute: Int?
    /// Actions that need approval whatever they cost (`require approval for exec`).
    public var approvalFor: Set<String>
    /// Actions costing more than this (in dollars) need approval.
    public var approvalAbove: Double?

    public init(limits: [RateLimit] = [], maxActionsPerMinute: Int? = nil, approvalFor: Set<String> = [],
                approvalAbove: Double? = nil) {
        self.limits = limits
        self.maxActionsPerMinute = maxActionsPerMinute
        self.approvalFor = approvalFor
        self.approvalAbove = approvalAbove
    }

    public var isEmpty: Bool { limits.isEmpty && maxActionsPerMinute == nil && approvalFor.isEmpty && approvalAbove == nil }

    /// What may happen to `action` at its time, given `history`: refusals first (a rate
    /// limit is not lifted by an approval), then approvals.
    public func check(_ action: GuardedAction, history: GuardrailHistory) -> GuardrailVerdict {
        if let max = maxActionsPerMinute {
            let taken = history.count(since: action.time - 60_000, through: action.time) { _ in true }
            if taken >= max {
                return .refuse(rule: "max_actions_per_minute \(max)",
                               reason: "\(taken) actions in the last minute, the most allowed is \(max)")
            }
        }
        for limit in limits where limit.action == action.name {
            // Counted per receiver where the action names one: one noisy team must not use up another's pages.
            let taken = history.count(since: action.time - limit.period, through: action.time) {
                $0.name == action.name && $0.receiver == action.receiver
            }
            if taken >= limit.count {
                let whose = action.receiver.map { " to \($0)" } ?? ""
                return .refuse(rule: limit.rule, reason: "\(taken) \(action.name) actions\(whose) in the last "
                               + "\(GuardrailText.duration(limit.period)), the most allowed is \(limit.count)")
            }
        }
        if approvalFor.contains(action.name) {
            return .needsApproval(rule: "require approval for \(action.name)")
        }
        if let above = approvalAbove, let cost = action.cost, cost > above {
            return .needsApproval(rule: "require approval for actions above \(GuardrailText.money(above)) "
                                  + "(this one costs \(GuardrailText.money(cost)))")
        }
        return .allow
    }
}

/// One action about to be taken, as the guardrails see it.
public struct GuardedAction: Sendable, Equatable {
    public let name: String
    /// The receiver a `page`/`notify` goes to, the program an `exec` runs: what a per-target limit counts.
    public let receiver: String?
    /// Its estimated cost in dollars, if known.
    public let cost: Double?
    /// Milliseconds since the epoch.
    public let time: Int64

    public init(name: String, receiver: String? = nil, cost: Double? = nil, time: Int64) {
        self.name = name
        self.receiver = receiver
        self.cost = cost
        self.time = time
    }
}

public enum GuardrailVerdict: Sendable, Equatable {
    case allow
    /// Allowed once approved; `rule` says which guardrail asks.
    case needsApproval(rule: String)
    /// Not allowed: the rule that tripped and why.
    case refuse(rule: String, reason: String)
}

/// The actions taken so far, oldest first: what rate limits count.
public struct GuardrailHistory: Sendable, Equatable {
    public private(set) var taken: [GuardedAction] = []

    public init() {}

    public mutating func record(_ action: GuardedAction) { taken.append(action) }

    func count(since start: Int64, through end: Int64, where matches: (GuardedAction) -> Bool) -> Int {
        taken.reduce(0) { $0 + ($1.time > start && $1.time <= end && matches($1) ? 1 : 0) }
    }
}

/// Durations and money as the language writes them, for guardrail messages.
enum GuardrailText {
    static func duration(_ ms: Int64) -> String {
        let units: [(Int64, String)] = [(604_800_000, "w"), (86_400_000, "d"), (3_600_000, "h"), (60_000, "m"), (1000, "s")]
        var rest = ms, out = ""
        for (size, name) in units where rest >= size {
            out += "\(rest / size)\(name)"
            rest %= size
        }
        if rest > 0 || out.isEmpty { out += "\(rest)ms" }
        return out
    }

    static func money(_ dollars: Double) -> String {
        dollars == dollars.rounded() ? "$\(Int64(dollars))" : "$\(dollars)"
    }
}
