import XCTest
@testable import VigilEngines

final class SLOEngineTests: XCTestCase {
    private let day = 86_400.0, hour = 3_600.0

    func testBudgetAndBurnRateAgainstHandComputedValues() throws {
        let budget = try ErrorBudget(objective: 0.999, period: 30 * day)
        XCTAssertEqual(budget.fraction, 0.001, accuracy: 1e-12)
        // 0.5% of requests failing burns a 0.1% budget 5 times too fast.
        XCTAssertEqual(budget.burnRate(errorRatio: 0.005), 5, accuracy: 1e-9)
        // 0.025% bad over the period spends a quarter of the budget, leaves three quarters.
        XCTAssertEqual(budget.spent(errorRatio: 0.00025), 0.25, accuracy: 1e-9)
        XCTAssertEqual(budget.left(errorRatio: 0.00025), 0.75, accuracy: 1e-9)
        XCTAssertEqual(budget.left(errorRatio: 0.002), -1, accuracy: 1e-9)
        XCTAssertEqual(ErrorBudget.compliance(errorRatio: 0.00025), 0.99975, accuracy: 1e-12)
        // 14.4x for one hour consumes 2% of a 30-day budget.
        XCTAssertEqual(budget.consumed(burnRate: 14.4, for: hour), 0.02, accuracy: 1e-12)
        // Half the budget left at 10x: 0.5 × 30d / 10 = 1.5 days.
        XCTAssertEqual(try XCTUnwrap(budget.timeToExhaustion(left: 0.5, burnRate: 10)), 1.5 * day, accuracy: 1e-6)
        XCTAssertNil(budget.timeToExhaustion(left: 0.5, burnRate: 0))
        XCTAssertEqual(budget.timeToExhaustion(left: -0.1, burnRate: 3), 0)
    }

    func testObjectiveAndPeriodAreChecked() {
        XCTAssertThrowsError(try ErrorBudget(objective: 1, period: day)) { error in
            XCTAssertEqual("\(error)", "an SLO objective must be between 0% and 100% (exclusive), got 100.0%")
        }
        XCTAssertThrowsError(try ErrorBudget(objective: 0.99, period: 0)) { error in
            XCTAssertEqual("\(error)", "an SLO window must be a positive duration, got 0.0s")
        }
    }

    func testErrorRatioFromCountsWithTheLowTrafficGuard() {
        XCTAssertEqual(ErrorRatio.of(bad: 3, total: 1200, window: "1h"), .value(0.0025))
        XCTAssertEqual(ErrorRatio.of(good: 990, total: 1000, window: "1h"), .value(0.01))
        XCTAssertEqual(ErrorRatio.of(bad: 0, total: 0, window: "5m"), .nodata("no events over 5m"))
        XCTAssertEqual(ErrorRatio.of(bad: 1, total: 4, window: "5m", minimumEvents: 10),
                       .nodata("only 4 events over 5m, fewer than the minimum 10"))
        XCTAssertEqual(ErrorRatio.of(bad: 5, total: 10, window: "5m", minimumEvents: 10), .value(0.5))
        XCTAssertEqual(ErrorRatio.of(good: 12, total: 10, window: "1h"),
                       .nodata("good events (12) exceed total events (10) over 1h"))
        XCTAssertEqual(ErrorRatio.of(bad: .nan, total: 10, window: "1h"),
                       .nodata("event counts over 1h are not counts (bad nan, total 10)"))
    }

    /// `ratio` (a replay's hot path) follows the very rules `of` words, on counts of every
    /// kind: ordinary, zero, below the minimum, bad above total, negative, NaN, infinite.
    func testTheRatioWithoutItsReasonFollowsTheSameRules() {
        let counts: [Double] = [0, 1, 3, 9.5, 10, 12, 1000, -1, .nan, .infinity, -.infinity]
        for part in counts {
            for total in counts {
                for minimum in [1.0, 10] {
                    let bad = ErrorRatio.of(bad: part, total: total, window: "1h", minimumEvents: minimum).number
                    let good = ErrorRatio.of(good: part, total: total, window: "1h", minimumEvents: minimum).number
                    XCTAssertEqual(ErrorRatio.ratio(bad: part, total: total, minimumEvents: minimum)?.bitPattern,
                                   bad?.bitPattern, "bad \(part), total \(total), minimum \(minimum)")
                    XCTAssertEqual(ErrorRatio.ratio(good: part, total: total, minimumEvents: minimum)?.bitPattern,
                                   good?.bitPattern, "good \(part), total \(total), minimum \(minimum)")
                }
            }
        }
        XCTAssertEqual(ErrorRatio.ratio(good: 990, total: 1000, minimumEvents: 1), 0.01)
        XCTAssertNil(ErrorRatio.ratio(bad: 1, total: 4, minimumEvents: 10))
    }

    func testWorkbookFactorsForThirtyAndTwentyEightDays() {
        let policy = MultiwindowPolicy.workbook
        let thirty = policy.tiers.map { $0.factor(period: 30 * day) }
        for (factor, expected) in zip(thirty, [14.4, 6, 3, 1]) { XCTAssertEqual(factor, expected, accuracy: 1e-9) }
        // Sloth's 28-day factors: 13.44, 5.6, 2.8 and 0.9333… (shown rounded as 0.93).
        let twentyEight = policy.tiers.map { $0.factor(period: 28 * day) }
        for (factor, expected) in zip(twentyEight, [13.44, 5.6, 2.8, 28.0 / 30]) { XCTAssertEqual(factor, expected, accuracy: 1e-9) }
        XCTAssertEqual(policy.tiers.map(\.severity), [.page, .page, .ticket, .ticket])
    }
}
