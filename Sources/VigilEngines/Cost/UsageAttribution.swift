import VigilSeries

/// Why usage cannot be priced.
public enum CostError: Error, Equatable, CustomStringConvertible {
    case missingPrice(usage: String, operation: String, tenant: String, priced: [String])
    case negativePrice(usage: String, price: Double)

    public var description: String {
        switch self {
        case .missingPrice(let usage, let operation, let tenant, let priced):
            let known = priced.isEmpty ? "there is no `prices` block" : "`prices` has \(priced.joined(separator: ", "))"
            return "no price for usage \"\(usage)\" of operation \"\(operation)\" (tenant \"\(tenant)\"): \(known)"
        case .negativePrice(let usage, let price):
            return "the price of \(usage) is negative (\(price)); a price is what one unit costs"
        }
    }
}

/// One usage counter: how many units of `usage` (db_query, api_call, compute_second,
/// storage_gb_hour, egress_gb, …) an operation of a tenant has consumed, as a counter.
public struct UsageCounter: Sendable {
    public let tenant: String
    public let operation: String
    public let capability: String?
    public let usage: String
    public let timestamps: [Timestamp]
    public let values: [Double]

    public init(tenant: String, operation: String, capability: String?, usage: String, timestamps: [Timestamp],
                values: [Double]) {
        self.tenant = tenant
        self.operation = operation
        self.capability = capability
        self.usage = usage
        self.timestamps = timestamps
        self.values = values
    }
}

/// Usage × prices (DOMAIN.md: per-operation cost = usage × unit price). Each step between
/// two samples of a counter is one charge over (previous, next]: the increase times the
/// unit price, where a drop is a counter reset and the new value is what was used since.
/// No extrapolation, unlike Prometheus's `increase`: costs must add up to the hand sum.
public struct PriceTable: Equatable, Sendable {
    public let prices: [String: Double]

    public init(_ prices: [String: Double]) throws {
        for (usage, price) in prices where !(price >= 0) { throw CostError.negativePrice(usage: usage, price: price) }
        self.prices = prices
    }

    public func charges(_ counter: UsageCounter) throws -> [Charge] {
        guard let price = prices[counter.usage] else {
            throw CostError.missingPrice(usage: counter.usage, operation: counter.operation, tenant: counter.tenant,
                                         priced: prices.keys.sorted())
        }
        var out: [Charge] = []
        out.reserveCapacity(max(0, counter.values.count - 1))
        for i in counter.values.indices.dropFirst() {
            let (previous, next) = (counter.values[i - 1], counter.values[i])
            guard previous.isFinite, next.isFinite else { continue }
            let used = next >= previous ? next - previous : next
            guard used > 0 else { continue }
            out.append(Charge(tenant: counter.tenant, operation: counter.operation, capability: counter.capability,
                              amount: used * price, start: counter.timestamps[i - 1], end: counter.timestamps[i],
                              source: .usage(usage: counter.usage, quantity: used)))
        }
        return out
    }
}
