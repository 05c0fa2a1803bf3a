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
}
