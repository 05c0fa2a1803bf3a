import VigilSeries

/// Every charge known at a time, and the sums asked of them: cost over a window,
/// month to date, daily spend, and the end-of-month forecast (SpendForecast).
public struct CostLedger: Sendable {
    /// By start time, so a window's charges are found by binary search.
    public let charges: [Charge]
    /// The longest charge period, how far before a window a charge overlapping it may start.
    private let longest: Timestamp

    public init(_ charges: [Charge]) {
        self.charges = charges.sorted { $0.start < $1.start }
        longest = charges.map { $0.end - $0.start }.max() ?? 0
    }

    /// The charges that may overlap [from, to).
    func overlapping(from: Timestamp, to: Timestamp) -> ArraySlice<Charge> {
        var lo = 0, hi = charges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if charges[mid].start < from - longest { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < charges.count, charges[end].start < to { end += 1 }
        return charges[lo..<end]
    }

    /// The tenants with any charge, sorted.
    public var tenants: [String] { Set(charges.map(\.tenant)).sorted() }

    /// The values `dimension` takes among the charges `filter` matches, sorted.
    public func values(_ dimension: (Charge) -> String?, _ filter: ChargeFilter = ChargeFilter()) -> [String] {
        Set(charges.filter(filter.matches).compactMap(dimension)).sorted()
    }

    /// What the matching charges cost in [from, to).
    public func total(_ filter: ChargeFilter, from: Timestamp, to: Timestamp) -> Double {
        // Neumaier's compensated sum: millions of micro-dollar charges add up exactly enough.
        var sum = 0.0, compensation = 0.0
        for c in overlapping(from: from, to: to) where filter.matches(c) {
            let x = c.amount(from: from, to: to), t = sum + x
            compensation += abs(sum) >= abs(x) ? (sum - t) + x : (x - t) + sum
            sum = t
        }
        return sum + compensation
    }

    /// Since the first of the month (UTC) up to `now`.
    public func monthToDate(_ filter: ChargeFilter, now: Timestamp) -> Double {
        total(filter, from: CostCalendar.startOfMonth(now), to: now)
    }

    /// The spend of each whole UTC day in [from, to), oldest first; `from` and `to` are midnights.
    public func daily(_ filter: ChargeFilter, from: Timestamp, to: Timestamp) -> [Double] {
        stride(from: from, to: to, by: Int(CostCalendar.dayMs)).map {
            total(filter, from: $0, to: $0 + CostCalendar.dayMs)
        }
    }

    /// When the first matching charge begins; nil when none matches.
    public func firstStart(_ filter: ChargeFilter) -> Timestamp? {
        charges.first(where: filter.matches)?.start
    }
}
