import VigilSeries

/// One budget alert: which threshold was crossed, in which period, with the status that crossed it.
public struct BudgetAlert: Equatable, Sendable {
    public enum Kind: Equatable, Hashable, Sendable {
        /// Actual spend reached `warn at` of the limit.
        case actualWarning
        /// Actual spend went over the limit.
        case actualExceeded
        /// The end-of-period forecast went over the limit (before actual spend did).
        case forecastExceeded
    }

    public let kind: Kind
    public let budget: String
    public let periodStart: Timestamp
    public let at: Timestamp
    public let status: BudgetStatus

    /// A key unique per budget, threshold and period: the idempotency key of the alert's action.
    public var key: String { "budget \(budget) \(kind) \(CostCalendar.date(periodStart))" }

    public var message: String {
        let d = SpendForecast.dollars, b = status.budget
        let limit = "\(d(b.limit)) per \(b.period.rawValue)"
        switch kind {
        case .actualWarning:
            return "budget \(budget): spent \(d(status.spent)), \(SpendForecast.number(status.used * 100))% of \(limit)"
        case .actualExceeded: return "budget \(budget): spent \(d(status.spent)), over \(limit)"
        case .forecastExceeded:
            return "budget \(budget): forecast \(d(status.forecast?.value ?? 0)) goes over \(limit) "
                + "(\(status.forecast?.basis ?? ""))"
        }
    }
}

/// Turns successive budget statuses into alerts as AWS Budgets sends them: each threshold
/// (actual at `warn at`, actual over the limit, forecast over the limit) alerts once per
/// budget and period, at the first status that crosses it; a new period starts afresh.
public struct BudgetAlertTracker: Sendable {
    private var sent: Set<String> = []

    public init() {}

    public mutating func observe(_ status: BudgetStatus, at now: Timestamp) -> [BudgetAlert] {
        var crossed: [BudgetAlert.Kind] = []
        if status.forecastOverLimit { crossed.append(.forecastExceeded) }
        if status.actualOverWarning { crossed.append(.actualWarning) }
        if status.spent > status.budget.limit { crossed.append(.actualExceeded) }
        return crossed.compactMap { kind in
            let alert = BudgetAlert(kind: kind, budget: status.budget.name, periodStart: status.periodStart, at: now,
                                    status: status)
            return sent.insert(alert.key).inserted ? alert : nil
        }
    }
}
