import XCTest
@testable import VigilSeries

final class OverTimeFunctionTests: XCTestCase {
    let gauge = makeSeries([(0, 2), (60, 4), (120, 4), (180, 4), (240, 5), (300, 5), (360, 7), (420, 9)])
    let window = 10 * TimeUnit.minute

    func testSumAvgCount() {
        assertClose(gauge.sumOverTime(at: sec(420), window: window), 40)
        assertClose(gauge.avgOverTime(at: sec(420), window: window), 5)
        assertClose(gauge.countOverTime(at: sec(420), window: window), 8)
        // [60s, 120s] inclusive holds two samples.
        assertClose(gauge.countOverTime(at: sec(120), window: TimeUnit.minute), 2)
    }

    func testMinMaxAndNaN() {
        assertClose(gauge.minOverTime(at: sec(420), window: window), 2)
        assertClose(gauge.maxOverTime(at: sec(420), window: window), 9)
        let withNaN = makeSeries([(0, .nan), (60, 3), (120, .nan), (180, 1)])
        assertClose(withNaN.minOverTime(at: sec(180), window: window), 1)
        assertClose(withNaN.maxOverTime(at: sec(180), window: window), 3)
        let allNaN = makeSeries([(0, .nan)])
        XCTAssertTrue(allNaN.maxOverTime(at: 0, window: window)?.isNaN ?? false)
    }

    func testStddevIsPopulation() {
        assertClose(gauge.stddevOverTime(at: sec(420), window: window), 2)
    }

    func testQuantileInterpolatesLikePrometheus() {
        let four = makeSeries([(0, 4), (60, 1), (120, 3), (180, 2)])
        assertClose(four.quantileOverTime(0.5, at: sec(180), window: window), 2.5)
        assertClose(four.quantileOverTime(0.95, at: sec(180), window: window), 3.85)
        assertClose(four.quantileOverTime(0, at: sec(180), window: window), 1)
        assertClose(four.quantileOverTime(1, at: sec(180), window: window), 4)
        assertClose(four.quantileOverTime(-1, at: sec(180), window: window), -.infinity)
        assertClose(four.quantileOverTime(2, at: sec(180), window: window), .infinity)
    }

    func testEmptyWindowIsNoDataNeverZero() {
        let later = sec(10_000)
        XCTAssertNil(gauge.sumOverTime(at: later, window: window))
        XCTAssertNil(gauge.avgOverTime(at: later, window: window))
        XCTAssertNil(gauge.countOverTime(at: later, window: window))
        XCTAssertNil(gauge.minOverTime(at: later, window: window))
        XCTAssertNil(gauge.maxOverTime(at: later, window: window))
        XCTAssertNil(gauge.stddevOverTime(at: later, window: window))
        XCTAssertNil(gauge.quantileOverTime(0.9, at: later, window: window))
        XCTAssertNil(gauge.lastOverTime(at: later, window: window))
    }

    func testLastUsesFiveMinuteLookbackAndStaleness() {
        let series = makeSeries([(0, 1), (60, 2), (120, StaleMarker.value), (600, 3)])
        assertClose(series.last(at: sec(90)), 2)
        assertClose(series.last(at: sec(60)), 2)
        // The newest sample at 120 s is a stale marker: the series has ended.
        XCTAssertNil(series.last(at: sec(130)))
        // At 420 s the newest sample is the stale one too, and older ones do not come back.
        XCTAssertNil(series.last(at: sec(420)))
        // 5m lookback is inclusive: a sample exactly 300 s old still counts.
        let plain = makeSeries([(0, 7)])
        assertClose(plain.last(at: sec(300)), 7)
        XCTAssertNil(plain.last(at: sec(301)))
        XCTAssertNil(plain.last(at: sec(-1)))
    }

    func testAbsent() {
        let series = makeSeries([(0, 1), (60, StaleMarker.value)])
        XCTAssertFalse(series.isAbsent(at: sec(60), window: TimeUnit.minute))
        XCTAssertTrue(series.isAbsent(at: sec(61), window: TimeUnit.minute))
        XCTAssertTrue(series.isAbsent(at: sec(500), window: TimeUnit.minute))
    }

    func testEwma() {
        let series = makeSeries([(0, 10), (60, 20), (120, 40)])
        var ewma = RunningEWMA(alpha: 0.5)
        assertClose(ewma.value(of: series, at: sec(60)), 15)
        assertClose(ewma.value(of: series, at: sec(120)), 27.5)
        var early = RunningEWMA(alpha: 0.5)
        XCTAssertNil(early.value(of: series, at: sec(-1)))
    }

    func testZscore() {
        // Mean 5, population sd 2, newest 9: z = 2.
        var zscore = SlidingWindow(.zscore, width: window)
        assertClose(zscore.value(of: gauge, at: sec(420)), 2)
        var flat = SlidingWindow(.zscore, width: window)
        XCTAssertNil(flat.value(of: makeSeries([(0, 3), (60, 3)]), at: sec(60)))
        var single = SlidingWindow(.zscore, width: window)
        XCTAssertNil(single.value(of: makeSeries([(0, 3)]), at: 0))
    }

    func testHoltForecastOnALine() throws {
        let line = makeSeries([(0, 1), (60, 2), (120, 3)])
        // A straight line is fitted exactly whatever α and β: level 3, trend 1 per minute.
        var holt = RunningHolt()
        let model = try XCTUnwrap(holt.model(of: line, at: sec(120)))
        assertClose(model.value(at: sec(240)), 5)
        var tuned = RunningHolt(alpha: 0.5, beta: 0.5)
        assertClose(tuned.model(of: line, at: sec(120))?.value(at: sec(240)), 5)
        XCTAssertEqual(model.breachTime(of: 10, notAfter: sec(120) + TimeUnit.hour), sec(540))
        XCTAssertNil(model.breachTime(of: 10, notAfter: sec(120) + 5 * TimeUnit.minute))
        XCTAssertNil(model.breachTime(of: 0, notAfter: sec(120) + TimeUnit.hour))
        var single = RunningHolt()
        XCTAssertNil(single.model(of: makeSeries([(0, 1)]), at: 0))
    }

    func testHoltSmoothingByHand() {
        // α = 0.5, β = 0.5 on 1, 3, 4: ℓ₀ = 1, b₀ = 2;
        // y=3: ℓ = 1.5 + 0.5·3 = 3, b = 0.5·2 + 0.5·2 = 2;
        // y=4: ℓ = 2 + 0.5·5 = 4.5, b = 0.5·1.5 + 0.5·2 = 1.75.
        var holt = RunningHolt(alpha: 0.5, beta: 0.5)
        let model = holt.model(of: makeSeries([(0, 1), (60, 3), (120, 4)]), at: sec(120))
        XCTAssertEqual(model?.level, 4.5)
        XCTAssertEqual(model?.trend, 1.75)
        XCTAssertEqual(model?.value(at: 180_000), 6.25)
    }
}
