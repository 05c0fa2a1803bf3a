import XCTest
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

/// Latency SLIs on histogram buckets, one SLO per label value, and maintenance windows left
/// out of the SLI, against hand-computed values.
final class SLOLatencyAndLabelTests: XCTestCase {
    func run(_ declarations: String, _ expression: String, data: [(Labels, String)], at seconds: Double = 3600) throws -> (String, [String]) {
        var store = SeriesStore()
        for (labels, notation) in data { try store.add(try SeriesNotation(notation).series(labels: labels)) }
        let session = VigilSession(store: store)
        var out = ""
        session.interpreter.output = { out = $0 }
        try session.load(Parser.parse(SourceFile(path: "t.vigil", text: declarations + "\nprint(\(expression))")).0)
        try session.interpreter.evaluating(Evaluation(time: seconds)) { try session.interpreter.run() }
        return (out, session.interpreter.nodataReasons)
    }

    static let latency = """
        slo search_latency {
          objective 99%
          window 28d
          latency series("http_request_duration_seconds", service: "search") below 300ms
        }
        """

    /// 1000 requests a minute, 980 of them within 300ms (le="0.3" written as "0.30").
    static func histogram(fast: String = "0+980x60") -> [(Labels, String)] {
        let name = "http_request_duration_seconds"
        return [
            (Labels(name: name + "_bucket", ["service": "search", "le": "0.1"]), "0+500x60"),
            (Labels(name: name + "_bucket", ["service": "search", "le": "0.30"]), fast),
            (Labels(name: name + "_bucket", ["service": "search", "le": "+Inf"]), "0+1000x60"),
            (Labels(name: name + "_count", ["service": "search"]), "0+1000x60"),
        ]
    }

    func testALatencySLICountsTheThresholdBucketAsGood() throws {
        // 2% slower than 300ms against a 1% budget: a 2x burn, 98% compliance.
        XCTAssertEqual(try run(Self.latency, "burn_rate(search_latency, 1h)", data: Self.histogram()).0, "2")
        XCTAssertEqual(try run(Self.latency, "compliance(search_latency, 30m)", data: Self.histogram()).0, "98%")
    }

    func testALatencyThresholdOffTheBucketsNamesTheBuckets() throws {
        let source = Self.latency.replacingOccurrences(of: "300ms", with: "250ms")
        XCTAssertThrowsError(try run(source, "burn_rate(search_latency, 1h)", data: Self.histogram())) { error in
            XCTAssertEqual((error as? RuntimeError)?.message,
                           "slo search_latency: http_request_duration_seconds_bucket has no bucket at 250ms (le=\"0.25\"); its buckets are le = 0.1, 0.30, +Inf seconds")
        }
    }

    func testALatencySLIWithoutBucketsIsNodataSayingSo() throws {
        let (value, reasons) = try run(Self.latency, "burn_rate(search_latency, 1h)",
                                       data: [(Labels(name: "http_request_duration_seconds_count", ["service": "search"]), "0+1000x60")])
        XCTAssertEqual(value, "nodata")
        XCTAssertTrue(reasons.contains("slo search_latency: no series http_request_duration_seconds_bucket to read the latency from"), "\(reasons)")
    }

    static let perEndpoint = """
        slo api_availability {
          objective 99%
          by "endpoint"
          bad = series("http_requests_total", code: "500")
          total = series("http_requests_total")
        }
        """

    func testOneSLOPerLabelValueEachWithItsOwnBudget() throws {
        let data: [(Labels, String)] = [
            (Labels(name: "http_requests_total", ["endpoint": "/pay", "code": "200"]), "0+950x60"),
            (Labels(name: "http_requests_total", ["endpoint": "/pay", "code": "500"]), "0+50x60"),
            (Labels(name: "http_requests_total", ["endpoint": "/search", "code": "200"]), "0+999x60"),
            (Labels(name: "http_requests_total", ["endpoint": "/search", "code": "500"]), "0+1x60"),
        ]
        // /pay fails 5% (a 5x burn), /search 0.1% (0.1x): one element each.
        XCTAssertEqual(try run(Self.perEndpoint, "burn_rate(api_availability, 1h)", data: data).0,
                       "{endpoint=\"/pay\"} 5, {endpoint=\"/search\"} 0.1")
        XCTAssertEqual(try run(Self.perEndpoint, "burn_rate(api_availability, 1h) > 1x", data: data).0,
                       "{endpoint=\"/pay\"} true, {endpoint=\"/search\"} false")
    }

    func testAMaintenanceWindowIsLeftOutOfTheSLI() throws {
        // Requests fail 10% during the first half hour (a maintenance window), then none do.
        let data: [(Labels, String)] = [
            (Labels(name: "http_requests_total", ["code": "200"]), "0+900x30 28000+1000x29"),
            (Labels(name: "http_requests_total", ["code": "500"]), "0+100x30 3000x29"),
        ]
        let slo = """
            slo api {
              objective 99%
              bad = series("http_requests_total", code: "500")
              total = series("http_requests_total")
            }
            """
        // Without the window: 3000 bad of 60000 over the hour, a 5x burn.
        XCTAssertEqual(try run(slo, "burn_rate(api, 1h)", data: data).0, "5")
        let excluded = slo.replacingOccurrences(of: "}", with: "  exclude @1970-01-01T00:00Z to @1970-01-01T00:30Z\n}")
        XCTAssertEqual(try run(excluded, "burn_rate(api, 1h)", data: data).0, "0")
        let daily = slo.replacingOccurrences(of: "}", with: "  exclude daily @1970-01-01T00:00Z to @1970-01-01T00:30Z\n}")
        XCTAssertEqual(try run(daily, "burn_rate(api, 1h)", data: data).0, "0")
        // Inside the window there are no events left: nodata, never a page.
        let (inside, reasons) = try run(excluded, "burn_rate(api, 5m)", data: data, at: 1200)
        XCTAssertEqual(inside, "nodata")
        XCTAssertEqual(reasons, ["slo api: no events over 5m"])
    }
}
