import VigilSeries

/// The expected spend at the end of a period (DOMAIN.md: forecast vs actual, as AWS Budgets
/// warns on a forecast). It is what was spent so far plus the rest of the period at the
/// recent daily rate: the mean spend of the last whole days (up to `historyDays`, only days
/// since the first charge, so a new tenant is not diluted by days before it existed). The
/// band is ±1.96 standard deviations of the daily spend, scaled by √(days left) as the sum
/// of that many independent days is: about a 95% interval if days vary as they have.
public struct SpendForecast: Equatable, Sendable {
    public static let historyDays = 7

    public let spent: Double
    public let value: Double
    public let low: Double
    public let high: Double
    /// The daily rate the rest of the period is projected at, and how many whole days it is the mean of.
    public let dailyRate: Double
    public let days: Int
    /// What is left of the period, in days.
    public let daysLeft: Double

    /// Nil when the filter has no whole day of spend before `now`'s day.
    public init?(_ ledger: CostLedger, _ filter: ChargeFilter, now: Timestamp, periodStart: Timestamp, periodEnd: Timestamp) {
        let today = CostCalendar.startOfDay(now)
        guard let first = ledger.firstStart(filter) else { return nil }
        let from = max(today - Timestamp(Self.historyDays) * CostCalendar.dayMs, CostCalendar.startOfDay(first))
        let daily = ledger.daily(filter, from: from, to: today)
        guard !daily.isEmpty else { return nil }
        let mean = daily.reduce(0, +) / Double(daily.count)
        let variance = daily.count < 2 ? 0 : daily.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(daily.count - 1)
        spent = ledger.total(filter, from: periodStart, to: now)
        daysLeft = Double(max(0, periodEnd - now)) / Double(CostCalendar.dayMs)
        dailyRate = mean
        days = daily.count
        value = spent + mean * daysLeft
        let half = 1.96 * variance.squareRoot() * daysLeft.squareRoot()
        low = max(spent, value - half)
        high = value + half
    }

    /// What the forecast rests on, in words (money as `$12.34`).
    public var basis: String {
        "\(Self.dollars(spent)) so far plus \(Self.number(daysLeft)) days at \(Self.dollars(dailyRate)) a day "
            + "(the mean of the last \(days) whole day\(days == 1 ? "" : "s"))"
    }

    static func dollars(_ v: Double) -> String {
        let cents = (v * 100).rounded() / 100
        // Spend comes from data, which may hold 1e300 or an infinity: `Int` would trap on it.
        guard abs(cents) < 1e15 else { return cents.isNaN ? "$NaN" : "\(cents < 0 ? "-" : "")$\(abs(cents))" }
        let whole = cents.rounded(.towardZero)
        let frac = Int((abs(cents - whole) * 100).rounded())
        return "\(cents < 0 ? "-" : "")$\(Int(abs(whole))).\(frac < 10 ? "0" : "")\(frac)"
    }

    static func number(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() && abs(r) < 1e15 ? "\(Int(r))" : "\(r)"
    }
}
