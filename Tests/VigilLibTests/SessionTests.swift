import XCTest
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

/// The language bound to series: selections, vectors, services and their signals.
final class SessionTests: XCTestCase {
    /// A session whose store holds `notation` series (promtool notation, 1m apart from t=0).
    func session(_ data: [(Labels, String)]) throws -> VigilSession {
        var store = SeriesStore()
        for (labels, notation) in data { try store.add(try SeriesNotation(notation).series(labels: labels)) }
        return VigilSession(store: store)
    }

    func value(_ session: VigilSession, _ source: String, at seconds: Double) throws -> String {
        let file = SourceFile(path: "t.vigil", text: source)
        let (program, diagnostics) = Parser.parse(file)
        XCTAssertTrue(diagnostics.isEmpty, diagnostics.map { $0.render() }.joined(separator: "\n"))
        var last = ""
        session.interpreter.output = { last = $0 }
        try session.load(program)
        try session.interpreter.evaluating(Evaluation(time: seconds)) { try session.interpreter.run() }
        return last
    }

    func testRateOverSelectedSeriesIsAVectorWithoutTheMetricName() throws {
        let s = try session([
            (Labels(name: "http_requests_total", ["code": "500"]), "0+60x10"),
            (Labels(name: "http_requests_total", ["code": "200"]), "0+600x10"),
        ])
        XCTAssertEqual(try value(s, "print(rate(series(\"http_requests_total\", code: \"500\"), 5m))", at: 600),
                       "{code=\"500\"} 1")
        XCTAssertEqual(try value(s, "print(rate(series(\"http_requests_total\", code: ~\"2..|5..\"), 5m) > 5)", at: 600),
                       "{code=\"200\"} true, {code=\"500\"} false")
    }

    func testNoMatchingSeriesIsNodataNotZero() throws {
        let s = try session([(Labels(name: "up"), "1x10")])
        XCTAssertEqual(try value(s, "print(rate(series(\"missing_total\"), 5m))", at: 600), "nodata")
        XCTAssertEqual(try value(s, "print(rate(series(\"missing_total\"), 5m) > 0 or false)", at: 600), "nodata")
    }

    func testSecondsMetricsAreDurationsAndServicesExposeSignals() throws {
        let s = try session([(Labels(name: "latency_seconds", ["service": "api"]), "0.2x10")])
        let program = """
        service api {
          signal latency = series("latency_seconds", service: "api")
          signal doubled = latency * 2
        }
        print(api.doubled, api.latency <= 250ms)
        """
        XCTAssertEqual(try value(s, program, at: 300), "{service=\"api\"} 400ms {service=\"api\"} true")
    }
}
