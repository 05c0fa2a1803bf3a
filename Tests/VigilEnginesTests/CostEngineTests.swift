import VigilSeries
import XCTest
@testable import VigilEngines

/// The cost engine against sums and forecasts worked out by hand (each test says how).
final class CostEngineTests: XCTestCase {
    private let day = CostCalendar.dayMs
    /// 2025-01-01T00:00:00Z.
    private let jan1: Timestamp = 1_735_689_600_000

    private func counter(_ usage: String, _ values: [Double], operation: String = "search.query",
                         every: Timestamp = 60_000) -> UsageCounter {
        UsageCounter(tenant: "search", operation: operation, capability: nil, usage: usage,
                     timestamps: values.indices.map { Timestamp($0) * every }, values: values)
    }

    /// One billed charge of `amount` for the whole day `n` days after Jan 1.
    private func billed(_ n: Int, _ amount: Double, operation: String = "a", tenant: String = "search") -> Charge {
        let start = jan1 + Timestamp(n) * day
        return Charge(tenant: tenant, operation: operation, capability: nil, amount: amount, start: start, end: start + day,
                      source: .billed(service: "Amazon S3"))
    }

    func testUsageTimesPricesEqualsTheHandSumAndACounterResetCountsFromZero() throws {
        let prices = try PriceTable(["api_call": 0.00001, "db_query": 0.000002])
        // Calls 0 → 100 → 250 → 50 (a reset: 50 since): 100 + 150 + 50 = 300 calls = $0.003.
        // Queries 0 → 1000 → 3000: 3000 queries = $0.006.
        let ledger = CostLedger(try prices.charges(counter("api_call", [0, 100, 250, 50]))
                                    + prices.charges(counter("db_query", [0, 1000, 3000])))
        let all = ChargeFilter(tenant: "search")
        XCTAssertEqual(ledger.total(all, from: 0, to: 180_000), 0.009, accuracy: 1e-12)
        // From 60 s: calls 150 + 50 = 200 ($0.002), queries 2000 ($0.004).
        XCTAssertEqual(ledger.total(all, from: 60_000, to: 180_000), 0.006, accuracy: 1e-12)
        // From 90 s the step (60 s, 120 s] counts half: 75 + 50 calls, 1000 queries.
        XCTAssertEqual(ledger.total(all, from: 90_000, to: 180_000), 0.00125 + 0.002, accuracy: 1e-12)
        XCTAssertEqual(ledger.total(ChargeFilter(tenant: "search", operation: "other"), from: 0, to: 180_000), 0)
    }

    func testUsageWithoutAPriceNamesTheUsageTheOperationAndThePricesThatExist() throws {
        let prices = try PriceTable(["api_call": 0.00001, "db_query": 0.000002])
        XCTAssertThrowsError(try prices.charges(counter("egress_gb", [0, 5]))) { error in
            XCTAssertEqual("\(error)", "no price for usage \"egress_gb\" of operation \"search.query\" (tenant \"search\"): "
                            + "`prices` has api_call, db_query")
        }
        XCTAssertThrowsError(try PriceTable([:]).charges(counter("api_call", [0, 5]))) { error in
            XCTAssertEqual("\(error)", "no price for usage \"api_call\" of operation \"search.query\" (tenant \"search\"): "
                            + "there is no `prices` block")
        }
    }

    func testCalendarPeriodsAreUTCMonthsIsoWeeksAndDays() {
        let jan20noon = jan1 + 19 * day + day / 2
        XCTAssertEqual(CostCalendar.startOfMonth(jan20noon), jan1)
        XCTAssertEqual(CostCalendar.startOfNextMonth(jan20noon), jan1 + 31 * day)
        XCTAssertEqual(CostCalendar.date(CostCalendar.startOfWeek(jan1 + 14 * day)), "2025-01-13")  // Wed → Mon
        let feb10of2024: Timestamp = 1_707_523_200_000
        XCTAssertEqual(CostCalendar.startOfNextMonth(feb10of2024) - CostCalendar.startOfMonth(feb10of2024), 29 * day)
        XCTAssertEqual(CostCalendar.date(CostCalendar.startOfNextMonth(jan1 + 364 * day)), "2026-01-01")
    }

    func testTheForecastIsSpendSoFarPlusTheDaysLeftAtTheMeanOfTheLastSevenWholeDays() throws {
        // $10 a day from Jan 1, $20 on Jan 8 and $30 on Jan 9; Jan 10 billed $10 for the day, now noon.
        let charges = (0..<10).map { billed($0, $0 == 7 ? 20 : $0 == 8 ? 30 : 10) }
        let now = jan1 + 9 * day + day / 2
        let f = try XCTUnwrap(SpendForecast(CostLedger(charges), ChargeFilter(tenant: "search"), now: now,
                                            periodStart: jan1, periodEnd: jan1 + 31 * day))
        // Spent: 7 × $10 + $20 + $30 + half of Jan 10 ($5) = $125. Rate: Jan 3–9 = [10,10,10,10,10,20,30],
        // mean 100/7. Left: 21.5 days. Forecast 125 + 21.5 × 100/7 = 432.142857.
        XCTAssertEqual(f.spent, 125, accuracy: 1e-9)
        XCTAssertEqual(f.days, 7)
        XCTAssertEqual(f.daysLeft, 21.5)
        XCTAssertEqual(f.value, 432.142857, accuracy: 1e-6)
        // Sample variance 371.428571 / 6 = 61.904762; half band 1.96 × √61.904762 × √21.5 = 71.505151.
        XCTAssertEqual(f.high - f.value, 71.505151, accuracy: 1e-6)
        XCTAssertEqual(f.value - f.low, 71.505151, accuracy: 1e-6)
        XCTAssertEqual(f.basis, "$125.00 so far plus 21.5 days at $14.29 a day (the mean of the last 7 whole days)")
    }

    func testNoForecastWithoutAWholeDayOfHistory() {
        let ledger = CostLedger([billed(0, 10)])
        XCTAssertNil(SpendForecast(ledger, ChargeFilter(tenant: "search"), now: jan1 + day / 2, periodStart: jan1,
                                   periodEnd: jan1 + 31 * day))
        XCTAssertNil(SpendForecast(ledger, ChargeFilter(tenant: "nobody"), now: jan1 + 5 * day, periodStart: jan1,
                                   periodEnd: jan1 + 31 * day))
    }

    func testBudgetStates() {
        let ledger = CostLedger((0..<31).map { billed($0, 10) })
        func state(_ limit: Double, _ now: Timestamp) -> BudgetStatus.State {
            BudgetStatus(Budget(name: "b", tenant: "search", limit: limit, period: .month), ledger, now: now).state
        }
        XCTAssertEqual(state(400, jan1 + 10 * day), .ok)          // spent $100, forecast $310
        XCTAssertEqual(state(300, jan1 + 10 * day), .warning)     // forecast $310 > $300
        XCTAssertEqual(state(120, jan1 + 10 * day), .warning)     // $100 ≥ 80% of $120 (and forecast)
        XCTAssertEqual(state(90, jan1 + 10 * day), .exceeded)
        let week = BudgetStatus(Budget(name: "w", tenant: "search", limit: 100, period: .week), ledger, now: jan1 + 14 * day)
        XCTAssertEqual(week.spent, 20, accuracy: 1e-9)            // Mon Jan 13 and Tue Jan 14
        XCTAssertEqual(week.forecast?.value ?? 0, 70, accuracy: 1e-9)
    }

    func testASpikeIsADayOverTwiceItsMedianBaselineNamingTheOperationThatGrew() throws {
        // "a" spends $10 a day Jan 1–10; "b" adds $20 on Jan 10 only. Judged on Jan 11 00:00:
        // Jan 10 is $30 against the median $10 of Jan 3–9, 3x. Saving (30 − 10) × 30 = $600.
        let charges = (0..<10).map { billed($0, 10) } + [billed(9, 20, operation: "b")]
        let found = CostAdvisor().recommendations(CostLedger(charges), tenant: "search", now: jan1 + 10 * day)
        let spike = try XCTUnwrap(found.first)
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(spike.kind, .spike)
        XCTAssertEqual(spike.operation, "b")
        XCTAssertEqual(spike.monthlySaving, 600)
        XCTAssertEqual(spike.evidence, "spend on 2025-01-10 is $30.00, 3x its baseline $10.00 (the median of the 7 days "
                        + "before); b grew most, by $20.00")
        // Twice the baseline exactly is not a spike.
        let even = (0..<10).map { billed($0, 10) } + [billed(9, 10, operation: "b")]
        XCTAssertTrue(CostAdvisor().recommendations(CostLedger(even), tenant: "search", now: jan1 + 10 * day).isEmpty)
    }

    func testBatchingAndCachingSavingsComeFromTheOperationsOwnUsage() throws {
        // Over 7 days: 2000 calls a day at $0.001 ($2/day), 10,000 queries a day at $0.0001 ($1/day).
        let prices = try PriceTable(["api_call": 0.001, "db_query": 0.0001])
        let calls = counter("api_call", (0...7).map { Double($0) * 2000 }, every: day)
        let reads = counter("db_query", (0...7).map { Double($0) * 10_000 }, every: day)
        let ledger = CostLedger(try prices.charges(calls) + prices.charges(reads))
        let found = CostAdvisor().recommendations(ledger, tenant: "search", now: 7 * day)
        XCTAssertEqual(found.map(\.kind), [.batching, .caching])
        // Calls are 2/3 of the cost: batching 10 to a request saves 0.9 × $2 × 30 = $54 a month.
        XCTAssertEqual(found[0].monthlySaving, 54)
        XCTAssertEqual(found[0].evidence, "2000 api_call a day, 66.7% of the operation's $3.00 a day (last 7 days)")
        // 5 queries per call; one left per call saves 4/5 × $1 × 30 = $24 a month.
        XCTAssertEqual(found[1].monthlySaving, 24)
        XCTAssertEqual(found[1].action, "cache search.query's repeated reads, leaving one db_query per call")
    }
}
