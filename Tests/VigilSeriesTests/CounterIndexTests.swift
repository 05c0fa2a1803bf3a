import VigilEngines
import XCTest
@testable import VigilSeries

/// `CounterIndex` must read what a `SlidingWindow(.increase)` reads, bit for bit, where it
/// makes an index at all; and make none where it could not.
final class CounterIndexTests: XCTestCase {
    /// A whole-number counter with resets and irregular scrapes (gaps included).
    func counter(_ random: inout SplitMix64, resets: Bool) -> Series {
        var series = Series(labels: Labels(name: "requests_total"))
        var time = Timestamp.random(in: -100_000...100_000, using: &random)
        var value = Double(Int.random(in: 0...100, using: &random))
        for _ in 0..<Int.random(in: 0...400, using: &random) {
            time += Timestamp.random(in: 1...40_000, using: &random)
            if Int.random(in: 0..<10, using: &random) == 0 { time += Timestamp.random(in: 0...600_000, using: &random) }
            let reset = resets && Int.random(in: 0..<15, using: &random) == 0
            value = reset ? Double(Int.random(in: 0...5, using: &random)) : value + Double(Int.random(in: 0...5000, using: &random))
            try! series.append(time, value)
        }
        return series
    }

    func testReadsEqualTheSlidingWindowsBitForBit() throws {
        var random = SplitMix64(seed: 20_261_203)
        var reads = 0
        for round in 0..<300 {
            let series = counter(&random, resets: round % 3 != 0)
            let index = try XCTUnwrap(CounterIndex(series), "round \(round)")
            for width: Milliseconds in [60_000, 300_000, 3_600_000] {
                var window = SlidingWindow(.increase, width: width)
                var cursor = CounterIndex.Cursor()
                guard let first = series.timestamps.first, let last = series.timestamps.last else { continue }
                var time = first - 120_000
                while time < last + 2 * width {
                    let expected = window.value(of: series, at: time)
                    let read = index.increase(width: width, at: time, &cursor)
                    XCTAssertEqual(read?.bitPattern, expected?.bitPattern, "round \(round), width \(width), at \(time)")
                    reads += 1
                    // Mostly forward, now and then back (both start over).
                    time += Int.random(in: 0..<20, using: &random) == 0 ? -Timestamp.random(in: 0...900_000, using: &random)
                        : Timestamp.random(in: 0...90_000, using: &random)
                }
            }
        }
        XCTAssertGreaterThan(reads, 10_000)
    }

    func testNoIndexWhereItsSumsCouldDifferFromTheWindows() throws {
        let times: [Timestamp] = [0, 15_000, 30_000, 45_000]
        // A fractional correction: running sums of such values round.
        XCTAssertNil(CounterIndex(try Series(labels: Labels(name: "c"), timestamps: times, values: [0.1, 0.7, 0.2, 0.5])))
        // A stale marker: not every sample counts.
        XCTAssertNil(CounterIndex(try Series(labels: Labels(name: "c"), timestamps: times, values: [1, 2, StaleMarker.value, 4])))
        // Whole-number resets are fine.
        let index = try XCTUnwrap(CounterIndex(try Series(labels: Labels(name: "c"), timestamps: times, values: [5, 9, 2, 6])))
        var cursor = CounterIndex.Cursor()
        // 6 − 5 plus the 9 before the reset: 10 over the 45 s sampled; the window starts 15 s
        // before the first sample (under 1.1 intervals, and before the zero point 22.5 s
        // back), so Prometheus extrapolates over all 60 s: 10 · 60 / 45.
        let increase = try XCTUnwrap(index.increase(width: 60_000, at: 45_000, &cursor))
        XCTAssertEqual(increase, 40.0 / 3, accuracy: 1e-12)
    }
}
