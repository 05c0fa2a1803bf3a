import VigilLive
import VigilSeries
import VigilTestServers
import XCTest

/// Vigil's range functions agree with real Prometheus on the same raw samples.
final class PushDownTests: XCTestCase {
    private static let slot = ServerSlot<PrometheusServer> { $0.stop() }
    private var server: PrometheusServer!
    private var source: PrometheusSource!

    override func setUp() async throws {
        server = try await Self.slot.get { try await PrometheusServer.start() }
        source = try PrometheusSource(url: server.baseURL, timeout: 10)
    }

    override class func tearDown() {
        slot.stop()
        super.tearDown()
    }

    private let counters = [LabelMatcher.metricName("http_requests_total")]
    private let gauges = [LabelMatcher.metricName("request_duration_seconds")]

    /// Times to evaluate at: mid-data, just after the counter reset, near the start (partial
    /// windows), off the sample grid, and past the end (windows holding the last samples).
    private var times: [Timestamp] {
        let reset = BackfillData.start + Timestamp(BackfillData.resetIndex) * BackfillData.spacing
        return [
            BackfillData.start + 37 * TimeUnit.minute,
            reset + 2 * TimeUnit.minute + 500,
            reset + 30 * TimeUnit.second,
            BackfillData.start + 3 * TimeUnit.minute + 7,
            BackfillData.end - 1_234,
            BackfillData.end + 2 * TimeUnit.minute,
        ]
    }

    /// Compares Prometheus's answer with VigilSeries on the generated samples, per label set.
    private func assertAgreement(
        _ function: RangeFunction, over matchers: [LabelMatcher], window: Milliseconds,
        file: StaticString = #filePath, line: UInt = #line
    ) async throws {
        var compared = 0
        for time in times {
            let remote = try await source.evaluate(function, over: matchers, window: window, at: time)
            var local: [Labels: Double] = [:]
            for series in server.data.store.select(matchers) {
                if let value = function.apply(to: series, at: time, window: window) {
                    local[series.labels.withoutMetricName] = value
                }
            }
            let context = "\(function) over \(window) ms at \(time)"
            // Prometheus keeps __name__ only for last_over_time-like functions in some versions; compare without it.
            let remoteByLabels = Dictionary(remote.map { ($0.labels.withoutMetricName, $0.value) }, uniquingKeysWith: { first, _ in first })
            XCTAssertEqual(Set(remoteByLabels.keys), Set(local.keys), context, file: file, line: line)
            for (labels, expected) in local {
                guard let actual = remoteByLabels[labels] else { continue }
                let tolerance = 1e-9 * max(1, abs(expected))
                XCTAssertEqual(actual, expected, accuracy: tolerance, "\(context) for \(labels)", file: file, line: line)
                compared += 1
            }
        }
        XCTAssertGreaterThanOrEqual(compared, times.count, "too few values to compare for \(function)", file: file, line: line)
    }

    func testRateAgreesIncludingACounterReset() async throws {
        try await assertAgreement(.rate, over: counters, window: 5 * TimeUnit.minute)
        try await assertAgreement(.rate, over: counters, window: TimeUnit.hour)
    }

    func testIncreaseAgreesIncludingACounterReset() async throws {
        try await assertAgreement(.increase, over: counters, window: 5 * TimeUnit.minute)
        try await assertAgreement(.increase, over: counters, window: 90 * TimeUnit.second)
    }

    func testTheResetReallyIsInsideTheWindow() async throws {
        let code500 = counters + [.equal("code", "500")]
        let reset = BackfillData.start + Timestamp(BackfillData.resetIndex) * BackfillData.spacing
        let series = server.data.store.select(code500)[0]
        let values = RangeWindow(series, at: reset + 2 * TimeUnit.minute, width: 5 * TimeUnit.minute).values
        XCTAssertTrue(zip(values, values.dropFirst()).contains { $1 < $0 }, "the test data must hold a reset")
        let increase = try await source.evaluate(.increase, over: code500, window: 5 * TimeUnit.minute, at: reset + 2 * TimeUnit.minute)
        XCTAssertEqual(increase.count, 1)
        XCTAssertGreaterThan(increase[0].value, 0, "a reset must not give a negative increase")
    }

    func testDeltaAgrees() async throws {
        try await assertAgreement(.delta, over: gauges, window: 10 * TimeUnit.minute)
    }

    func testOverTimeFunctionsAgree() async throws {
        for function: RangeFunction in [.avgOverTime, .maxOverTime, .minOverTime, .sumOverTime, .countOverTime,
                                        .stddevOverTime, .lastOverTime] {
            try await assertAgreement(function, over: gauges, window: 10 * TimeUnit.minute)
            try await assertAgreement(function, over: counters, window: 5 * TimeUnit.minute)
        }
    }

    func testQuantileOverTimeAgrees() async throws {
        for phi in [0.95, 0.5, 0.99, 0, 1] {
            try await assertAgreement(.quantileOverTime(phi), over: gauges, window: 15 * TimeUnit.minute)
        }
        try await assertAgreement(.quantileOverTime(0.9), over: counters + [.equal("code", "500")], window: TimeUnit.hour)
    }

    func testRegexSelectorsAreRenderedForTheServer() async throws {
        let matchers = counters + [try LabelMatcher("code", .regex, "5..")]
        try await assertAgreement(.rate, over: matchers, window: 5 * TimeUnit.minute)
        let values = try await source.evaluate(.rate, over: matchers, window: 5 * TimeUnit.minute, at: times[0])
        XCTAssertEqual(values.map { $0.labels["code"] }, ["500", "503"])
    }

    func testUnknownMetricGivesNoValues() async throws {
        let values = try await source.evaluate(.rate, over: [.metricName("nothing_here")], window: TimeUnit.hour, at: times[0])
        XCTAssertTrue(values.isEmpty)
    }

    func testRangeEvaluationMatchesLocalValuesAtEveryStep() async throws {
        let matchers = counters + [.equal("code", "500")]
        let start = BackfillData.start + 40 * TimeUnit.minute
        let end = start + 20 * TimeUnit.minute
        let step = 30 * TimeUnit.second
        let store = try await source.evaluateRange(.rate, over: matchers, window: 5 * TimeUnit.minute, from: start, through: end, step: step)
        XCTAssertEqual(store.seriesCount, 1)
        let evaluated = try XCTUnwrap(store.series.first)
        XCTAssertEqual(evaluated.count, 41)
        let raw = server.data.store.select(matchers)[0]
        for index in 0..<evaluated.count {
            let time = evaluated.timestamps[index]
            XCTAssertEqual(time, start + Timestamp(index) * step)
            let expected = try XCTUnwrap(raw.rate(at: time, window: 5 * TimeUnit.minute))
            XCTAssertEqual(evaluated.values[index], expected, accuracy: 1e-9 * max(1, abs(expected)), "at \(time)")
        }
    }

    func testRangeEvaluationSplitsLongRangesWithoutDuplicates() async throws {
        // 500 ms steps over the two hours of data is 14,401 points: two requests, joined without overlap.
        let start = BackfillData.start
        let end = BackfillData.end
        let store = try await source.evaluateRange(
            .lastOverTime, over: gauges + [.equal("service", "search")], window: TimeUnit.minute,
            from: start, through: end, step: 500)
        let evaluated = try XCTUnwrap(store.series.first)
        XCTAssertEqual(evaluated.count, Int((end - start) / 500) + 1)
        XCTAssertGreaterThan(evaluated.count, PrometheusSource.maximumPointsPerRangeQuery)
        let raw = server.data.store.select(gauges + [.equal("service", "search")])[0]
        for index in stride(from: 0, to: evaluated.count, by: 997) {
            XCTAssertEqual(evaluated.values[index], raw.lastOverTime(at: evaluated.timestamps[index], window: TimeUnit.minute))
        }
    }

    func testInvalidWindowAndStepAreRefused() async throws {
        do {
            _ = try await source.evaluate(.rate, over: counters, window: 0, at: times[0])
            XCTFail("a zero window must be refused")
        } catch let error as LiveError {
            XCTAssertTrue(error.description.contains("range must be positive"), error.description)
        }
        do {
            _ = try await source.evaluateRange(.rate, over: counters, window: TimeUnit.minute, from: 0, through: 10, step: 0)
            XCTFail("a zero step must be refused")
        } catch let error as LiveError {
            XCTAssertTrue(error.description.contains("step must be positive"), error.description)
        }
    }
}
