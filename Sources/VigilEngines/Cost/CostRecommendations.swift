import VigilSeries

/// A way to spend less, with the evidence from the data and the monthly saving it implies.
public struct CostRecommendation: Equatable, Sendable {
    public enum Kind: String, Sendable { case spike, batching, caching }

    public let kind: Kind
    public let tenant: String
    public let operation: String?
    public let evidence: String
    /// Dollars a month (30 days) at the rates of the evidence.
    public let monthlySaving: Double
    public let action: String
}

/// Recommendations from a tenant's charges (DOMAIN.md; issue 13), each saving computed from
/// the charges of the last whole days, never a fixed figure:
/// - **spike**: a day (the latest of the last whole days, else today so far) whose spend is
///   over `spikeFactor` times its baseline, the median daily spend of the days before it; the
///   saving is the day's excess over the baseline for a month (30 days) at that rate, and
///   the operation that grew most is named;
/// - **batching**: an operation whose per-call charges (`callUsage`) are at least half its
///   cost with at least `minCallsPerDay` calls a day; batching `batchSize` calls per request
///   saves (1 − 1/batchSize) of those charges;
/// - **caching**: an operation making at least `minReadsPerCall` reads (`readUsage`) per call;
///   a cache leaving one read per call saves the reads beyond that.
public struct CostAdvisor: Sendable {
    public static let spikeFactor = 2.0
    public static let baselineDays = 7
    public var callUsage = "api_call"
    public var readUsage = "db_query"
    public var batchSize = 10.0
    public var minCallsPerDay = 1000.0
    public var minReadsPerCall = 3.0
    /// Whole days the batching and caching evidence is measured over.
    public var evidenceDays = 7

    public init() {}

    public func recommendations(_ ledger: CostLedger, tenant: String, now: Timestamp) -> [CostRecommendation] {
        let found = spike(ledger, tenant, now).map { [$0] } ?? []
        return found + usagePatterns(ledger, tenant, now).sorted { $0.monthlySaving > $1.monthlySaving }
    }

    /// The latest whole day (of the last `baselineDays`), else today so far, that spends over
    /// `spikeFactor` times its baseline.
    func spike(_ ledger: CostLedger, _ tenant: String, _ now: Timestamp) -> CostRecommendation? {
        let filter = ChargeFilter(tenant: tenant), day = CostCalendar.dayMs
        guard let first = ledger.firstStart(filter).map(CostCalendar.startOfDay) else { return nil }
        let today = CostCalendar.startOfDay(now)
        let lowest = max(first, today - Timestamp(Self.baselineDays) * day)
        var days = stride(from: today - day, through: lowest, by: -Int(day)).map { ($0, $0 + day) }
        if now > today { days.append((today, now)) }
        /// The day's spend and baseline when it spikes.
        func spiking(_ start: Timestamp, _ end: Timestamp) -> (spend: Double, baseline: Double, days: Int)? {
            let history = ledger.daily(filter, from: max(first, start - Timestamp(Self.baselineDays) * day), to: start)
            guard history.count >= 3, let baseline = Self.median(history), baseline > 0 else { return nil }
            // A day so far must already be over the factor times a whole day's baseline.
            let spend = ledger.total(filter, from: start, to: end)
            return spend > Self.spikeFactor * baseline ? (spend, baseline, history.count) : nil
        }
        for (start, end) in days {
            guard let (spend, baseline, historyCount) = spiking(start, end) else { continue }
            var since = start
            while since - day >= first, spiking(since - day, since) != nil { since -= day }
            let rate = spend * Double(day) / Double(end - start)
            let d = SpendForecast.dollars
            var evidence = "spend on \(CostCalendar.date(start))\(end - start < day ? " so far" : "") is \(d(spend)), "
                + "\(SpendForecast.number(spend / baseline))x its baseline \(d(baseline)) (the median of the "
                + "\(historyCount) days before)"
            let driver = grownMost(ledger, tenant, start, end, historyCount)
            if since < start { evidence += "; over \(SpendForecast.number(Self.spikeFactor))x every day since \(CostCalendar.date(since))" }
            if let (operation, growth) = driver { evidence += "; \(operation) grew most, by \(d(growth))" }
            return CostRecommendation(
                kind: .spike, tenant: tenant, operation: driver?.0, evidence: evidence,
                monthlySaving: Self.cents((rate - baseline) * 30),
                action: "find what changed in \(driver?.0 ?? "the tenant's operations") on \(CostCalendar.date(since)) "
                    + "and bring its spend back to the baseline")
        }
        return nil
    }

    /// The operation whose spend over [start, end) grew most over its own median of the days before.
    private func grownMost(_ ledger: CostLedger, _ tenant: String, _ start: Timestamp, _ end: Timestamp,
                           _ days: Int) -> (String, Double)? {
        let day = CostCalendar.dayMs
        return ledger.values({ $0.operation }, ChargeFilter(tenant: tenant)).map { operation in
            let filter = ChargeFilter(tenant: tenant, operation: operation)
            let base = Self.median(ledger.daily(filter, from: start - Timestamp(days) * day, to: start)) ?? 0
            return (operation, ledger.total(filter, from: start, to: end) - base * Double(end - start) / Double(day))
        }.max { $0.1 < $1.1 }
    }

    /// Batching and caching, per operation, over the last `evidenceDays` whole days.
    func usagePatterns(_ ledger: CostLedger, _ tenant: String, _ now: Timestamp) -> [CostRecommendation] {
        let to = CostCalendar.startOfDay(now)
        guard let first = ledger.firstStart(ChargeFilter(tenant: tenant)) else { return [] }
        let from = max(to - Timestamp(evidenceDays) * CostCalendar.dayMs, CostCalendar.startOfDay(first))
        guard to > from else { return [] }
        let days = Double(to - from) / Double(CostCalendar.dayMs)
        let d = SpendForecast.dollars, n = SpendForecast.number
        var out: [CostRecommendation] = []
        for operation in ledger.values({ $0.operation }, ChargeFilter(tenant: tenant)) {
            var cost: [String: Double] = [:], quantity: [String: Double] = [:], total = 0.0
            for c in ledger.charges where c.tenant == tenant && c.operation == operation {
                let amount = c.amount(from: from, to: to)
                total += amount
                guard let usage = c.usage else { continue }
                cost[usage, default: 0] += amount
                quantity[usage, default: 0] += c.quantity(from: from, to: to)
            }
            let calls = quantity[callUsage] ?? 0, callCost = cost[callUsage] ?? 0
            if calls / days >= minCallsPerDay, total > 0, callCost / total >= 0.5 {
                out.append(CostRecommendation(
                    kind: .batching, tenant: tenant, operation: operation,
                    evidence: "\(n(calls / days)) \(callUsage) a day, \(n(callCost / total * 100))% of the operation's "
                        + "\(d(total / days)) a day (last \(n(days)) days)",
                    monthlySaving: Self.cents(callCost / days * 30 * (1 - 1 / batchSize)),
                    action: "batch \(operation)'s calls, \(n(batchSize)) to a request"))
            }
            let reads = quantity[readUsage] ?? 0, readCost = cost[readUsage] ?? 0
            if calls > 0, reads / calls >= minReadsPerCall {
                let perCall = reads / calls
                out.append(CostRecommendation(
                    kind: .caching, tenant: tenant, operation: operation,
                    evidence: "\(n(perCall)) \(readUsage) per \(callUsage) (\(n(reads / days)) a day, \(d(readCost / days)) "
                        + "a day, last \(n(days)) days)",
                    monthlySaving: Self.cents(readCost / days * 30 * (1 - 1 / perCall)),
                    action: "cache \(operation)'s repeated reads, leaving one \(readUsage) per call"))
            }
        }
        return out
    }

    static func median(_ xs: [Double]) -> Double? {
        guard !xs.isEmpty else { return nil }
        let s = xs.sorted(), m = s.count / 2
        return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
    }

    static func cents(_ v: Double) -> Double { (v * 100).rounded() / 100 }
}
