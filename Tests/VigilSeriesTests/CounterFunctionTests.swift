import XCTest
@testable import VigilSeries

/// Expected values are worked by hand from Prometheus 2.42's `extrapolatedRate`.
final class CounterFunctionTests: XCTestCase {
    /// 0, 10, 20, … every minute from t = 0.
    let counter = makeSeries((0...10).map { (Double($0) * 60, Double($0) * 10) })

    func testWindowAlignedWithSamplesNeedsNoExtrapolation() {
        // [0s, 300s] holds 0…50 at both edges: increase 50 over 300 s.
        assertClose(counter.increase(at: sec(300), window: 5 * TimeUnit.minute), 50)
        assertClose(counter.rate(at: sec(300), window: 5 * TimeUnit.minute), 50.0 / 300)
        assertClose(counter.delta(at: sec(300), window: 5 * TimeUnit.minute), 50)
    }

    func testExtrapolatesToBothEdgesWhenSamplesAreClose() {
        // [30s, 330s] holds 10…50 at 60…300: 40 over 240 s, 30 s to each edge (< 1.1 × 60 s),
        // so it extrapolates to 300 s: 40 × 300 / 240 = 50.
        assertClose(counter.increase(at: sec(330), window: 5 * TimeUnit.minute), 50)
        assertClose(counter.rate(at: sec(330), window: 5 * TimeUnit.minute), 50.0 / 300)
    }

    func testCounterResetAddsBackTheValueBeforeTheDrop() {
        let reset = makeSeries([(0, 0), (60, 10), (120, 20), (180, 5), (240, 15), (300, 25)])
        // 25 - 0 + 20 (the drop from 20 to 5) = 45.
        assertClose(reset.increase(at: sec(300), window: 5 * TimeUnit.minute), 45)
        assertClose(reset.rate(at: sec(300), window: 5 * TimeUnit.minute), 0.15)
        // delta is for gauges: no reset handling.
        assertClose(reset.delta(at: sec(300), window: 5 * TimeUnit.minute), 25)
    }

    func testCounterIsNotExtrapolatedBelowZero() {
        let young = makeSeries([(60, 2), (120, 12), (180, 22), (240, 32), (300, 42)])
        // 40 over 240 s; the line reaches zero 240 × 2/40 = 12 s before the first sample,
        // sooner than the 30 s to the window start, so the start extends only 12 s:
        // 40 × (240 + 12 + 30) / 240 = 47.
        assertClose(young.increase(at: sec(330), window: 5 * TimeUnit.minute), 47)
        // A gauge has no such floor: 40 × 300 / 240.
        assertClose(young.delta(at: sec(330), window: 5 * TimeUnit.minute), 50)
    }

    func testFarEdgesExtrapolateHalfASpacing() {
        let short = makeSeries([(120, 10), (180, 20)])
        // Window [0s, 300s]: 120 s to each edge, spacing 60 s, threshold 66 s.
        // Gauge: both edges too far, half a spacing each: 10 × (60 + 30 + 30) / 60 = 20.
        assertClose(short.delta(at: sec(300), window: 5 * TimeUnit.minute), 20)
        // Counter (2.x order): the zero point is 60 s back, which is first made the start
        // distance and then is under the threshold, so it extends 60 s: 10 × 150 / 60 = 25.
        assertClose(short.increase(at: sec(300), window: 5 * TimeUnit.minute), 25)
        assertClose(short.rate(at: sec(300), window: 5 * TimeUnit.minute), 25.0 / 300)
    }

    func testFewerThanTwoSamplesIsNoData() {
        let one = makeSeries([(100, 5)])
        XCTAssertNil(one.rate(at: sec(300), window: 5 * TimeUnit.minute))
        XCTAssertNil(one.increase(at: sec(300), window: 5 * TimeUnit.minute))
        XCTAssertNil(one.delta(at: sec(300), window: 5 * TimeUnit.minute))
        XCTAssertNil(counter.rate(at: sec(10_000), window: 5 * TimeUnit.minute))
    }

    func testWindowIncludesBothEnds() {
        let two = makeSeries([(0, 0), (300, 30)])
        // Both samples sit exactly on the edges of [0s, 300s] and both count.
        assertClose(two.increase(at: sec(300), window: 5 * TimeUnit.minute), 30)
    }

    func testStaleMarkersAreSkipped() {
        let withStale = makeSeries([(0, 0), (60, 10), (90, StaleMarker.value), (120, 20)])
        assertClose(withStale.increase(at: sec(120), window: 2 * TimeUnit.minute), 20)
    }
}
