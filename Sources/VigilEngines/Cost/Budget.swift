import VigilSeries

/// The calendar period a budget limits (UTC): a day, an ISO week from Monday, or a month.
public enum BudgetPeriod: String, Sendable, CaseIterable {
    case day, week, month

    /// [start, end) of the period holding `t`.
    public func bounds(_ t: Timestamp) -> (start: Timestamp, end: Timestamp) {
        switch self {
        case .day:
            let s = CostCalendar.startOfDay(t)
            return (s, s + CostCalendar.dayMs)
        case .week:
            let s = CostCalendar.startOfWeek(t)
            return (s, s + 7 * CostCalendar.dayMs)
        case .month: return (CostCalendar.startOfMonth(t), CostCalendar.startOfNextMonth(t))
        }
    }
}

/// `budget NAME { tenant "…"  limit $1800 per month  warn at 80% }` as the engine sees it.
public struct Budget: Equatable, Sendable {
    public static let defaultWarnAt = 0.8

    public let name: String
    public let tenant: String
    public let limit: Double
    public let period: BudgetPeriod
    /// The share of the limit at which actual spend warns.
    public let warnAt: Double

    public init(name: String, tenant: String, limit: Double, period: BudgetPeriod, warnAt: Double = defaultWarnAt) {
        self.name = name
        self.tenant = tenant
        self.limit = limit
        self.period = period
        self.warnAt = warnAt
    }
}

/// A budget at one time: spent, left, the forecast and the state.
/// ok → warning when actual spend reaches `warn at` of the limit or the end-of-period
/// forecast goes over the limit (AWS Budgets' FORECASTED alert) → exceeded once actual
/// spend goes over the limit.
public struct BudgetStatus: Equatable, Sendable {
    public enum State: String, Sendable { case ok, warning, exceeded }

    public let budget: Budget
    public let periodStart: Timestamp
    public let periodEnd: Timestamp
    public let spent: Double
    public let forecast: SpendForecast?

    public init(_ budget: Budget, _ ledger: CostLedger, now: Timestamp) {
        self.budget = budget
        (periodStart, periodEnd) = budget.period.bounds(now)
        let filter = ChargeFilter(tenant: budget.tenant)
        spent = ledger.total(filter, from: periodStart, to: now)
        forecast = SpendForecast(ledger, filter, now: now, periodStart: periodStart, periodEnd: periodEnd)
    }

    public var left: Double { budget.limit - spent }
    /// Spent as a share of the limit.
    public var used: Double { budget.limit > 0 ? spent / budget.limit : (spent > 0 ? .infinity : 0) }
    public var actualOverWarning: Bool { spent >= budget.warnAt * budget.limit }
    public var forecastOverLimit: Bool { (forecast?.value ?? 0) > budget.limit }

    public var state: State {
        if spent > budget.limit { return .exceeded }
        return actualOverWarning || forecastOverLimit ? .warning : .ok
    }

    /// Why the state is what it is, in words.
    public var reason: String {
        let d = SpendForecast.dollars
        let limit = "\(d(budget.limit)) per \(budget.period.rawValue)"
        switch state {
        case .exceeded: return "spent \(d(spent)), over the limit of \(limit)"
        case .warning where actualOverWarning:
            return "spent \(d(spent)), at least \(SpendForecast.number(budget.warnAt * 100))% of \(limit)"
        case .warning: return "forecast \(d(forecast?.value ?? 0)) goes over the limit of \(limit)"
        case .ok: return "spent \(d(spent)) of \(limit)"
        }
    }
}
