import VigilLive
import VigilSeries
import XCTest

/// PromQL text, RFC 3339 times and fingerprints: pure functions, no server.
final class RenderingTests: XCTestCase {
    func testSelectorRendersEveryMatcherKindWithGoEscapes() throws {
        let matchers = [
            LabelMatcher.metricName("http_requests_total"),
            try LabelMatcher("code", .regex, "5.."),
            try LabelMatcher("path", .notEqual, "/a\"b\\c\nd"),
            try LabelMatcher("host", .notRegex, "web\\d+"),
        ]
        XCTAssertEqual(
            try PromQL.selector(matchers),
            #"{__name__="http_requests_total", code=~"5..", path!="/a\"b\\c\nd", host!~"web\\d+"}"#)
    }

    func testSelectorRejectsWhatPrometheusWouldReject() throws {
        XCTAssertThrowsError(try PromQL.selector([]))
        XCTAssertThrowsError(try PromQL.selector([try LabelMatcher("code", .regex, ".*")]))
        XCTAssertThrowsError(try PromQL.selector([.metricName("x"), .equal("9lives", "y")]))
        XCTAssertNoThrow(try PromQL.selector([.equal("job", "api")]))
    }

    func testControlCharactersAreEscaped() {
        XCTAssertEqual(PromQL.string("a\u{01}b\tc"), #""a\u0001b\tc""#)
    }

    func testDurationsUseTheLargestExactUnit() throws {
        XCTAssertEqual(try PromQL.duration(5 * TimeUnit.minute), "5m")
        XCTAssertEqual(try PromQL.duration(90 * TimeUnit.second), "90s")
        XCTAssertEqual(try PromQL.duration(1_500), "1500ms")
        XCTAssertEqual(try PromQL.duration(TimeUnit.day), "1d")
        XCTAssertEqual(try PromQL.duration(14 * TimeUnit.day), "2w")
        XCTAssertThrowsError(try PromQL.duration(0))
        XCTAssertThrowsError(try PromQL.duration(-5))
    }

    func testTimesAreExactDecimalSeconds() {
        XCTAssertEqual(PromQL.time(1_736_942_400_000), "1736942400")
        XCTAssertEqual(PromQL.time(1_736_942_400_007), "1736942400.007")
        XCTAssertEqual(PromQL.time(-1_500), "-1.500")
    }

    func testNumbersAndRangeFunctions() throws {
        XCTAssertEqual(PromQL.number(0.95), "0.95")
        XCTAssertEqual(PromQL.number(.infinity), "+Inf")
        XCTAssertEqual(PromQL.number(.nan), "NaN")
        let selector = [LabelMatcher.metricName("latency"), .equal("service", "checkout")]
        XCTAssertEqual(try RangeFunction.rate.promQL(over: selector, window: 5 * TimeUnit.minute),
                       #"rate({__name__="latency", service="checkout"}[5m])"#)
        XCTAssertEqual(try RangeFunction.quantileOverTime(0.95).promQL(over: selector, window: TimeUnit.hour),
                       #"quantile_over_time(0.95, {__name__="latency", service="checkout"}[1h])"#)
        XCTAssertEqual(try RangeFunction.avgOverTime.promQL(over: selector, window: 10 * TimeUnit.minute),
                       #"avg_over_time({__name__="latency", service="checkout"}[10m])"#)
    }

    func testRFC3339RoundTripsAndAcceptsGoForms() {
        XCTAssertEqual(RFC3339.format(1_736_942_400_125), "2025-01-15T12:00:00.125Z")
        XCTAssertEqual(RFC3339.format(0), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(RFC3339.format(-1), "1969-12-31T23:59:59.999Z")
        XCTAssertEqual(RFC3339.format(951_782_400_000), "2000-02-29T00:00:00.000Z")
        XCTAssertEqual(RFC3339.parse("2025-01-15T12:00:00.125Z"), 1_736_942_400_125)
        XCTAssertEqual(RFC3339.parse("2025-01-15T12:00:00Z"), 1_736_942_400_000)
        XCTAssertEqual(RFC3339.parse("2025-01-15T12:00:00.123456789Z"), 1_736_942_400_123)
        XCTAssertEqual(RFC3339.parse("2025-01-15T13:30:00+01:30"), 1_736_942_400_000)
        XCTAssertEqual(RFC3339.parse("2025-01-15T10:00:00-02:00"), 1_736_942_400_000)
        for bad in ["", "2025-01-15", "2025-02-30T00:00:00Z", "2025-01-15T12:00:00", "2025-01-15T25:00:00Z",
                    "2025-01-15T12:00:00.Z", "2025-01-15T12:00:00Zjunk"] {
            XCTAssertNil(RFC3339.parse(bad), bad)
        }
        for timestamp: Timestamp in [0, 1, 999, 1_736_942_400_125, 4_102_444_800_000, -86_400_001] {
            XCTAssertEqual(RFC3339.parse(RFC3339.format(timestamp)), timestamp)
        }
    }

    func testErrorsNameTheURL() {
        let error = LiveError(url: "http://127.0.0.1:9090/api/v1/query", kind: .prometheus(errorType: "bad_data", message: "parse error"))
        XCTAssertEqual(error.description, "http://127.0.0.1:9090/api/v1/query: Prometheus error (bad_data): parse error")
        XCTAssertEqual(LiveError(url: "u", kind: .timedOut(seconds: 2)).description, "u: no answer within 2 s")
        XCTAssertEqual(LiveError(url: "u", kind: .httpStatus(code: 503, body: "")).description, "u: HTTP status 503")
    }
}
