import VigilSeries

/// One amount of spend over a period: usage × price between two samples of a usage
/// counter, or one billed line of a FOCUS export. Amounts are dollars; the period is
/// [start, end), as FOCUS's ChargePeriodStart (inclusive) and ChargePeriodEnd (exclusive).
public struct Charge: Equatable, Sendable {
    public enum Source: Equatable, Sendable {
        /// `quantity` units of the priced usage `usage` (db_query, api_call, …).
        case usage(usage: String, quantity: Double)
        /// A billed line (FOCUS BilledCost) of a provider's service.
        case billed(service: String)
    }

    public let tenant: String
    public let operation: String
    public let capability: String?
    public let amount: Double
    public let start: Timestamp
    public let end: Timestamp
    public let source: Source

    public init(tenant: String, operation: String, capability: String?, amount: Double, start: Timestamp,
                end: Timestamp, source: Source) {
        self.tenant = tenant
        self.operation = operation
        self.capability = capability
        self.amount = amount
        self.start = start
        self.end = end
        self.source = source
    }

    /// The share of the amount that falls in [from, to), spread evenly over the charge's
    /// period (a daily line counts half when the window holds half the day).
    public func amount(from: Timestamp, to: Timestamp) -> Double {
        let lo = max(start, from), hi = min(end, to)
        guard hi > lo else { return 0 }
        guard end > start else { return amount }
        return amount * Double(hi - lo) / Double(end - start)
    }

    /// The same share of the priced quantity (0 for a billed line).
    public func quantity(from: Timestamp, to: Timestamp) -> Double {
        guard case .usage(_, let q) = source, amount != 0 || q != 0 else { return 0 }
        let lo = max(start, from), hi = min(end, to)
        guard hi > lo else { return 0 }
        return end > start ? q * Double(hi - lo) / Double(end - start) : q
    }

    public var usage: String? {
        if case .usage(let u, _) = source { return u }
        return nil
    }
}

/// Which charges a question is about; nil matches anything.
public struct ChargeFilter: Equatable, Sendable {
    public var tenant: String?
    public var operation: String?
    public var capability: String?

    public init(tenant: String? = nil, operation: String? = nil, capability: String? = nil) {
        self.tenant = tenant
        self.operation = operation
        self.capability = capability
    }

    public func matches(_ c: Charge) -> Bool {
        (tenant == nil || c.tenant == tenant) && (operation == nil || c.operation == operation)
            && (capability == nil || c.capability == capability)
    }
}
