import XCTest
@testable import VigilSeries

/// LANGUAGE §2: sums and means never overflow to NaN where Prometheus's answer is not NaN.
/// `promtool` (2.42) gives `sum_over_time` = +Inf and `avg_over_time` = 9.99e307 for two
/// samples of 9.99e307; the incremental windows must agree with the direct functions.
final class OverflowTests: XCTestCase {
    let big = 9.99e307

    func testSumOverflowsToInfinityAndAvgKeepsARunningMean() {
        let s = makeSeries([(0, big), (30, big)])
        XCTAssertEqual(s.sumOverTime(at: sec(30), window: TimeUnit.minute), .infinity)
        XCTAssertEqual(s.avgOverTime(at: sec(30), window: TimeUnit.minute), big)
        let negative = makeSeries([(0, -big), (30, -big), (60, -big)])
        XCTAssertEqual(negative.sumOverTime(at: sec(60), window: TimeUnit.minute), -.infinity)
        XCTAssertEqual(negative.avgOverTime(at: sec(60), window: TimeUnit.minute), -big)
    }

    func testRunningMeanFollowsPrometheus() {
        XCTAssertEqual(RunningMean.of([big, big, big]), big)
        XCTAssertEqual(RunningMean.of([1, 2, 3, 4]), 2.5)
        XCTAssertEqual(RunningMean.of([.infinity, 1, .infinity]), .infinity)
        XCTAssertTrue(RunningMean.of([.infinity, -.infinity]).isNaN)
        XCTAssertTrue(RunningMean.of([big, .nan]).isNaN)
    }

    /// The window slides past the overflowing samples: a running sum that overflowed cannot
    /// subtract its way back, so the window sums again and agrees with the direct answer.
    func testSlidingWindowRecoversAfterTheOverflowLeaves() {
        let s = makeSeries([(0, big), (30, big), (60, 1), (90, 2), (120, 3), (150, big), (180, big), (210, 4)])
        for function in [WindowFunction.sum, .avg] {
            var window = SlidingWindow(function, width: 30_000)
            for t in stride(from: 0.0, through: 240, by: 15) {
                let incremental = window.value(of: s, at: sec(t)), direct = s.value(of: function, at: sec(t), window: 30_000)
                XCTAssertEqual(incremental, direct, "\(function) at \(t)s")
            }
        }
        var sum = SlidingWindow(.sum, width: 30_000), avg = SlidingWindow(.avg, width: 30_000)
        XCTAssertEqual(sum.value(of: s, at: sec(30)), .infinity)
        XCTAssertEqual(avg.value(of: s, at: sec(30)), big)
        XCTAssertEqual(sum.value(of: s, at: sec(90)), 3)
        XCTAssertEqual(avg.value(of: s, at: sec(90)), 1.5)
        XCTAssertEqual(sum.value(of: s, at: sec(180)), .infinity)
        XCTAssertEqual(avg.value(of: s, at: sec(180)), big)
        XCTAssertEqual(sum.value(of: s, at: sec(210)), big + 4)
    }
}
