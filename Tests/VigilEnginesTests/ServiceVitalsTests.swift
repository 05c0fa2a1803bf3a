import XCTest
import VigilEngines
import VigilSeries

/// A service line's success rate and latency p50/p95/p99 over the period, against values
/// worked out by hand; a figure that cannot be computed names the series it lacked.
final class ServiceVitalsTests: XCTestCase {
    let minute: Timestamp = 60_000
    /// The report looks back 10m from 10m: the window is [0, 10m], both ends inclusive.
    let now: Timestamp = 600_000, period: Milliseconds = 600_000

    func series(_ metric: String, _ labels: [String: String], _ samples: [(Timestamp, Double)]) throws -> Series {
        try Series(labels: Labels(name: metric, labels.merging(["service": "checkout"]) { a, _ in a }),
                   timestamps: samples.map(\.0), values: samples.map(\.1))
    }

    func counter(_ code: String, to end: Double) throws -> Series {
        // Sampled at the window's two ends: the increase is not extrapolated.
        try series("http_requests_total", ["code": code], [(0, 0), (now, end)])
    }

    func testSuccessRateIsOneMinusTheFiveHundredsShareOfTheIncrease() throws {
        let requests = [try counter("200", to: 850), try counter("404", to: 50), try counter("500", to: 60), try counter("503", to: 40)]
        let vitals = ServiceVitals.compute(service: "checkout", requests: requests, latency: [], at: now, period: period)
        // 1 − (60 + 40) / (850 + 50 + 60 + 40): a 404 is a request that succeeded as far as the service goes.
        XCTAssertEqual(try XCTUnwrap(vitals.successRate.number), 0.9, accuracy: 1e-12)
    }

    func testSummaryQuantilesAreTheirTimeAverageOverThePeriodWorstSeriesFirst() throws {
        let every = stride(from: Timestamp(0), through: now, by: Int(minute)).map { $0 }
        // v1's p95: ten samples of 0.1s and one of 0.65s → 1.65 / 11 = 0.15s; a sample before the window (9s) is not read.
        let v1p95 = try series("http_request_duration_seconds", ["quantile": "0.95", "version": "v1"],
                               [(-minute, 9)] + every.map { ($0, $0 == now ? 0.65 : 0.1) })
        let v2p95 = try series("http_request_duration_seconds", ["quantile": "0.95", "version": "v2"], every.map { ($0, 0.12) })
        let p50 = try series("http_request_duration_seconds", ["quantile": "0.5", "version": "v1"], every.map { ($0, 0.04) })
        let vitals = ServiceVitals.compute(service: "checkout", requests: [], latency: [v2p95, p50, v1p95], at: now, period: period)
        XCTAssertEqual(try XCTUnwrap(vitals.latency[0].number), 0.04, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(vitals.latency[1].number), 0.15, accuracy: 1e-12, "the worse of v1 (0.15s) and v2 (0.12s)")
        XCTAssertEqual(vitals.latency[2], Measured.missing(Shortfall(.noSeries, "http_request_duration_seconds{service=\"checkout\", quantile=\"0.99\"}")))
        XCTAssertEqual(vitals.successRate, Measured.missing(Shortfall(.noSeries, "http_requests_total{service=\"checkout\"}")))
    }

    func testUnlabelledLatencySamplesGiveTheQuantilesOfThePeriodsSamples() throws {
        // 10ms, 20ms … 100ms: with Prometheus's interpolation p50 sits at rank 4.5 (55ms),
        // p95 at rank 8.55 (95.5ms) and p99 at rank 8.91 (99.1ms).
        let samples = (0..<10).map { (Timestamp($0) * minute, Double($0 + 1) / 100) }
        let latency = try series("http_request_duration_seconds", [:], samples)
        let vitals = ServiceVitals.compute(service: "checkout", requests: [], latency: [latency], at: now, period: period)
        XCTAssertEqual(try XCTUnwrap(vitals.latency[0].number), 0.055, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(vitals.latency[1].number), 0.0955, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(vitals.latency[2].number), 0.0991, accuracy: 1e-12)
    }

    /// Cumulative buckets over the period: 60 requests ≤ 100ms, 90 ≤ 250ms, 98 ≤ 500ms, 100 in all,
    /// split over two instances. p50: rank 50 in the first bucket, 100ms × 50/60. p95: rank 95
    /// between 90 and 98, 250ms + 250ms × 5/8. p99: rank 99 in +Inf, the highest finite bound.
    func testHistogramBucketsGiveTheQuantilesOfTheirIncreaseOverThePeriod() throws {
        var buckets: [Series] = []
        for (instance, share) in [("a", 0.25), ("b", 0.75)] {
            for (le, count) in [("0.1", 60.0), ("0.25", 90.0), ("0.5", 98.0), ("+Inf", 100.0)] {
                buckets.append(try series("http_request_duration_seconds_bucket", ["le": le, "instance": instance],
                                          [(-minute, 0), (0, 1000), (now, 1000 + count * share)]))
            }
        }
        let vitals = ServiceVitals.compute(service: "checkout", requests: [], latency: [], buckets: buckets, at: now, period: period)
        XCTAssertEqual(try XCTUnwrap(vitals.latency[0].number), 0.1 * 50 / 60, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(vitals.latency[1].number), 0.25 + 0.25 * 5 / 8, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(vitals.latency[2].number), 0.5, accuracy: 1e-12)
    }

    func testAFigureWithoutDataNamesTheSeriesItLacked() throws {
        let lone = try series("http_requests_total", ["code": "200"], [(now, 5)])
        XCTAssertEqual(ServiceVitals.compute(service: "checkout", requests: [lone], latency: [], at: now, period: period).successRate,
                       Measured.missing(Shortfall(.noSamples, "http_requests_total{service=\"checkout\"}")), "one sample has no increase")
        let flat = try series("http_requests_total", ["code": "200"], [(0, 5), (now, 5)])
        XCTAssertEqual(ServiceVitals.compute(service: "checkout", requests: [flat], latency: [], at: now, period: period).successRate,
                       Measured.missing(Shortfall(.noIncrease, "http_requests_total{service=\"checkout\"}")), "no traffic is not 100%")
        let old = try series("http_request_duration_seconds", [:], [(-minute, 0.2)])
        XCTAssertEqual(ServiceVitals.compute(service: "checkout", requests: [], latency: [old], at: now, period: period).latency[1],
                       Measured.missing(Shortfall(.noSamples, "http_request_duration_seconds{service=\"checkout\"}")))
        XCTAssertEqual(ServiceVitals.compute(service: "checkout", requests: [], latency: [], at: now, period: period).latency[0],
                       Measured.missing(Shortfall(.noSeries, "http_request_duration_seconds{service=\"checkout\"} "
                                                    + "or http_request_duration_seconds_bucket{service=\"checkout\"}")))
        let noInf = try series("http_request_duration_seconds_bucket", ["le": "0.1"], [(0, 0), (now, 5)])
        XCTAssertEqual(ServiceVitals.compute(service: "checkout", requests: [], latency: [], buckets: [noInf], at: now, period: period).latency[0],
                       Measured.missing(Shortfall(.noSamples, "http_request_duration_seconds_bucket{service=\"checkout\"}")),
                       "a histogram without its +Inf bucket has no total")
    }
}
