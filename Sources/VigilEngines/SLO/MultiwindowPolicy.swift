/// The multiwindow, multi-burn-rate alerts of the SRE workbook (chapter 5): each tier fires
/// when the burn rate over both its long and its short window exceeds the rate that would
/// consume `budgetConsumed` of the budget within the long window. For a 30-day period that
/// is 14.4x (1h, 5m), 6x (6h, 30m), 3x (1d, 2h) and 1x (3d, 6h); other periods scale the
/// factors as Sloth does (28d: 13.44, 5.6, 2.8, 0.933…).
public struct MultiwindowPolicy: Equatable, Sendable {
    public enum Severity: String, CaseIterable, Sendable { case page, ticket }

    public struct Tier: Equatable, Sendable {
        public let severity: Severity
        /// Seconds.
        public let longWindow: Double
        public let shortWindow: Double
        /// The fraction of the budget this tier alerts on, spent within the long window.
        public let budgetConsumed: Double

        /// The burn rate both windows must exceed, for an SLO of `period` seconds.
        public func factor(period: Double) -> Double { budgetConsumed * period / longWindow }
    }

    public let tiers: [Tier]

    public init(tiers: [Tier]) { self.tiers = tiers }

    private static let hour = 3600.0, minute = 60.0

    /// The workbook's four tiers.
    public static let workbook = MultiwindowPolicy(tiers: [
        Tier(severity: .page, longWindow: hour, shortWindow: 5 * minute, budgetConsumed: 0.02),
        Tier(severity: .page, longWindow: 6 * hour, shortWindow: 30 * minute, budgetConsumed: 0.05),
        Tier(severity: .ticket, longWindow: 24 * hour, shortWindow: 2 * hour, budgetConsumed: 0.10),
        Tier(severity: .ticket, longWindow: 72 * hour, shortWindow: 6 * hour, budgetConsumed: 0.10),
    ])

    public func tiers(_ severity: Severity) -> [Tier] { tiers.filter { $0.severity == severity } }

    /// Every window a policy reads, longest first, without repeats.
    public var windows: [Double] {
        Array(Set(tiers.flatMap { [$0.longWindow, $0.shortWindow] })).sorted(by: >)
    }

    public enum Decision: Equatable, Sendable {
        case firing
        case ok
        case nodata(String)
    }

    /// Whether `severity` fires given the burn rate over each window: a tier fires when both
    /// its windows exceed its factor; a tier with a window that has no data and no window
    /// below its factor is undecided. Any firing tier fires; else any undecided one is nodata
    /// (missing data never passes); else ok.
    public func decide(_ severity: Severity, period: Double, burnRate: (Double) -> BurnRate) -> Decision {
        var missing: [String] = []
        for tier in tiers(severity) {
            let factor = tier.factor(period: period)
            let readings = [burnRate(tier.longWindow), burnRate(tier.shortWindow)]
            if readings.contains(where: { ($0.number.map { $0 <= factor }) ?? false }) { continue }
            let reasons = readings.compactMap(\.reason)
            if reasons.isEmpty { return .firing }
            missing.append(contentsOf: reasons)
        }
        return missing.isEmpty ? .ok : .nodata(missing.joined(separator: "; "))
    }
}

/// A burn rate over one window, or why there is none.
public enum BurnRate: Equatable, Sendable {
    case value(Double)
    case nodata(String)

    public init(_ ratio: ErrorRatio, budget: ErrorBudget) {
        switch ratio {
        case .value(let ratio): self = .value(budget.burnRate(errorRatio: ratio))
        case .nodata(let reason): self = .nodata(reason)
        }
    }

    public var number: Double? {
        if case .value(let rate) = self { return rate }
        return nil
    }

    public var reason: String? {
        if case .nodata(let reason) = self { return reason }
        return nil
    }
}
