import XCTest
import VigilEngines
import VigilSeries

final class LinearTrendTests: XCTestCase {
    /// Prometheus's own predict_linear case (promql/testdata/functions.test): a counter reset
    /// in the middle, fitted over 100m at 50m, 1h ahead.
    func testMatchesPrometheusPredictLinear() throws {
        let times = (0...10).map { Timestamp($0 * 300_000) }
        let values: [Double] = [0, 10, 20, 30, 40, 0, 10, 20, 30, 40, 50]
        let line = try XCTUnwrap(LinearTrend(times: times[...], values: values[...], origin: 3_000_000))
        XCTAssertEqual(line.slope, 0.010606060606060607, accuracy: 1e-15)
        XCTAssertEqual(line.value(at: 3_000_000 + 3_600_000), 76.81818181818181, accuracy: 1e-9)
    }

    func testNeedsTwoSamplesAndAFlatLineHasNoSpread() throws {
        XCTAssertNil(LinearTrend(times: [0][...], values: [1][...], origin: 0))
        let flat = try XCTUnwrap(LinearTrend(times: [0, 60_000, 120_000][...], values: [5, 5, 5][...], origin: 120_000))
        XCTAssertEqual(flat.slope, 0)
        XCTAssertEqual(flat.value(at: 1_000_000_000), 5)
        XCTAssertEqual(flat.band(at: 1_000_000_000, confidence: 0.95).high, 5)
        XCTAssertEqual(flat.breachProbability(of: 6, at: 1_000_000_000, rising: true), 0)
    }

    /// A straight line through noise: the 95% band holds about 95% of fresh samples, and the
    /// probability of a breach follows the distance of the threshold from the line.
    func testBandCoversNewSamplesAtItsConfidence() throws {
        var rng = SplitMix64(seed: 42)
        func noise() -> Double { rng.nextGaussian() }
        let times = (0..<600).map { Timestamp($0) * 60_000 }
        let values = times.map { 100 + Double($0) / 60_000 * 0.5 + noise() }
        let now = times.last!
        let line = try XCTUnwrap(LinearTrend(times: times[...], values: values[...], origin: now))
        XCTAssertEqual(line.slope * 60, 0.5, accuracy: 0.01)
        XCTAssertEqual(line.residualDeviation, 1, accuracy: 0.1)
        let ahead = now + 60 * 60_000
        let band = line.band(at: ahead, confidence: 0.95)
        var inside = 0
        for _ in 0..<2000 where (band.low...band.high).contains(line.value(at: ahead) + noise()) { inside += 1 }
        XCTAssertEqual(Double(inside) / 2000, 0.95, accuracy: 0.02)
        let center = line.value(at: ahead)
        XCTAssertEqual(line.breachProbability(of: center, at: ahead, rising: true), 0.5, accuracy: 1e-9)
        XCTAssertGreaterThan(line.breachProbability(of: center - 2, at: ahead, rising: true), 0.95)
        XCTAssertLessThan(line.breachProbability(of: center + 3, at: ahead, rising: true), 0.01)
        let crossing = try XCTUnwrap(line.crossing(of: line.value(at: now) + 30, from: now, notAfter: ahead + 60_000))
        XCTAssertEqual(Double(crossing - now), 3_600_000, accuracy: 60_000)
    }

    /// The flapping forecast: a flat series with ±5% noise, forecast 30 days ahead
    /// from a 1-day fit minute after minute, stays within a few percent of its level.
    func testThirtyDayForecastOfAFlatNoisySeriesDoesNotFlap() throws {
        var rng = SplitMix64(seed: 7)
        let times = (0..<(2 * 1440)).map { Timestamp($0) * 60_000 }
        let values = times.map { _ in 200 * (0.95 + 0.1 * Double(rng.next() % 10_000) / 10_000) }
        var forecasts: [Double] = []
        for minute in 1440..<(1440 + 60) {
            let window = (minute - 1440)...minute
            let now = times[minute]
            let line = try XCTUnwrap(LinearTrend(times: times[window], values: values[window], origin: now))
            forecasts.append(line.value(at: now + 30 * 86_400_000))
        }
        let spread = forecasts.max()! - forecasts.min()!
        XCTAssertLessThan(spread / 200, 0.05, "30-day forecasts ranged \(forecasts.min()!)…\(forecasts.max()!)")
    }
}
