import VigilEngines
import VigilTestSupport
import XCTest
@testable import VigilSeries

final class SlidingWindowTests: XCTestCase {
    static let functions: [WindowFunction] = [
        .sum, .avg, .count, .min, .max, .rate, .increase, .delta,
        .quantile(0), .quantile(0.5), .quantile(0.95), .quantile(1), .zscore,
    ]

    /// A random counter-like or gauge-like series with resets, gaps, stale markers and the odd NaN.
    func randomSeries(_ random: inout SplitMix64, counter: Bool) -> Series {
        var series = Series(labels: Labels(name: counter ? "requests_total" : "temperature"))
        var time: Timestamp = Timestamp.random(in: -100_000...100_000, using: &random)
        var value = Double.random(in: 0...100, using: &random)
        for _ in 0..<Int.random(in: 0...400, using: &random) {
            time += Timestamp.random(in: 1...40_000, using: &random)
            if Int.random(in: 0..<10, using: &random) == 0 {
                time += Timestamp.random(in: 0...600_000, using: &random)  // a scrape gap
            }
            let roll = Int.random(in: 0..<100, using: &random)
            let sample: Double
            if roll < 4 {
                sample = StaleMarker.value
            } else if roll < 5 && !counter {
                sample = .nan
            } else if counter {
                value = roll < 10 ? Double.random(in: 0...5, using: &random) : value + Double.random(in: 0...50, using: &random)
                sample = value
            } else {
                value += Double.random(in: -20...20, using: &random)
                sample = roll < 7 ? value.rounded() : value  // ties exercise the deques and the treap
            }
            try! series.append(time, sample)
        }
        return series
    }

    /// Values far from zero with a small spread, drifting over many windows: the running
    /// moments must re-anchor, or E[x²] − E[x]² cancels away every digit of the variance.
    func testZscoreKeepsItsPrecisionFarFromZero() {
        var random = SplitMix64(seed: 7)
        var series = Series(labels: Labels(name: "queue_depth"))
        for i in 0..<20_000 {
            // A level that jumps by a million every 2,000 samples, with a spread of ±3.
            try! series.append(Timestamp(i) * 15_000, 1e6 * Double(i / 2_000) + Double.random(in: -3...3, using: &random))
        }
        var state = SlidingWindow(.zscore, width: 10 * TimeUnit.minute)
        for i in stride(from: 0, to: 20_000, by: 7) {
            let time = Timestamp(i) * 15_000
            assertClose(state.value(of: series, at: time), series.zscore(at: time, window: 10 * TimeUnit.minute), tolerance: 1e-6)
        }
    }

    func testIncrementalEqualsDirectOnRandomSeries() {
        var random = SplitMix64(seed: 20_251_123)
        var comparisons = 0
        for round in 0..<60 {
            let series = randomSeries(&random, counter: round % 2 == 0)
            let width = Milliseconds.random(in: 1...900_000, using: &random)
            let step = Milliseconds.random(in: 1...90_000, using: &random)
            let start = (series.timestamps.first ?? 0) - Milliseconds.random(in: 0...width, using: &random)
            let end = (series.timestamps.last ?? 0) + width
            for function in Self.functions {
                var state = SlidingWindow(function, width: width)
                var time = start
                while time <= end {
                    let expected = series.value(of: function, at: time, window: width)
                    let actual = state.value(of: series, at: time)
                    assertClose(actual, expected, tolerance: 1e-9)
                    if (actual == nil) != (expected == nil) {
                        XCTFail("round \(round) \(function) at \(time): \(String(describing: actual)) vs \(String(describing: expected))")
                        return
                    }
                    comparisons += 1
                    // Mostly forward; sometimes the same time again, which must be harmless.
                    time += Int.random(in: 0..<8, using: &random) == 0 ? 0 : step
                }
            }
        }
        XCTAssertGreaterThan(comparisons, 10_000)
    }

    func testGrowingSeriesAndRestart() throws {
        var series = Series(labels: Labels(name: "m"))
        var state = SlidingWindow(.sum, width: 2 * TimeUnit.minute)
        XCTAssertNil(state.value(of: series, at: 0))
        for minute in 0..<10 {
            try series.append(Timestamp(minute) * TimeUnit.minute, Double(minute))
            assertClose(state.value(of: series, at: Timestamp(minute) * TimeUnit.minute),
                        series.sumOverTime(at: Timestamp(minute) * TimeUnit.minute, window: 2 * TimeUnit.minute))
        }
        // Going back in time starts over rather than giving a wrong answer.
        assertClose(state.value(of: series, at: 3 * TimeUnit.minute), 1 + 2 + 3)
        // A different series starts over too.
        let other = makeSeries([(0, 100)], name: "other")
        assertClose(state.value(of: other, at: 0), 100)
    }

    func testLargeReplayAgreesWithTheDirectFunctions() {
        // One sample a second for a day, evaluated every 30 s over a 1 h window: the direct
        // quantile would sort 3,600 values 2,880 times; the incremental state must not (its
        // speed is measured by bench-rules, not timed here), and must end where it would.
        let count = 86_400
        let series = try! Series(labels: Labels(name: "latency"),
                                 timestamps: (0..<count).map { Timestamp($0) * 1000 },
                                 values: (0..<count).map { Double(($0 * 7_919) % 1_000) })
        var p95 = SlidingWindow(.quantile(0.95), width: TimeUnit.hour)
        var max = SlidingWindow(.max, width: TimeUnit.hour)
        var rate = SlidingWindow(.rate, width: TimeUnit.hour)
        var time: Timestamp = 0
        while time < Timestamp(count) * 1000 {
            _ = p95.value(of: series, at: time)
            _ = max.value(of: series, at: time)
            _ = rate.value(of: series, at: time)
            time += 30_000
        }
        assertClose(p95.value(of: series, at: time), series.quantileOverTime(0.95, at: time, window: TimeUnit.hour))
        assertClose(max.value(of: series, at: time), series.maxOverTime(at: time, window: TimeUnit.hour))
        assertClose(rate.value(of: series, at: time), series.rate(at: time, window: TimeUnit.hour))
    }
}
