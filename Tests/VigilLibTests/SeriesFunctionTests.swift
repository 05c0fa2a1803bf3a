import XCTest
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

/// The §4 functions as a script sees them: values, units, groups, nodata and dispatch.
final class SeriesFunctionTests: XCTestCase {
    func session() throws -> VigilSession {
        var store = SeriesStore()
        let data: [(Labels, String)] = [
            (Labels(name: "http_requests_total", ["endpoint": "/pay", "code": "200"]), "0+60x10"),
            (Labels(name: "http_requests_total", ["endpoint": "/pay", "code": "500"]), "0+6x10"),
            (Labels(name: "http_requests_total", ["endpoint": "/cart", "code": "200"]), "0+120x10"),
            (Labels(name: "http_requests_total", ["endpoint": "/cart", "code": "500"]), "0x10"),
            (Labels(name: "http_requests_total", ["endpoint": "/idle", "code": "200"]), "5x10"),
            (Labels(name: "http_requests_total", ["endpoint": "/idle", "code": "500"]), "0x10"),
            (Labels(name: "latency_seconds", ["endpoint": "/pay"]), "0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9 1.0 1.1"),
        ]
        for (labels, notation) in data { try store.add(try SeriesNotation(notation).series(labels: labels)) }
        return VigilSession(store: store)
    }

    func show(_ source: String, at seconds: Double = 600) throws -> String {
        let s = try session()
        var out = ""
        s.interpreter.output = { out = $0 }
        try s.load(Parser.parse(SourceFile(path: "t.vigil", text: "print(\(source))")).0)
        try s.interpreter.evaluating(Evaluation(time: seconds)) { try s.interpreter.run() }
        return out
    }

    func testRatioPerGroupIsAPercentAndAZeroDenominatorIsNodata() throws {
        let errors = "series(\"http_requests_total\", code: \"500\")", all = "series(\"http_requests_total\")"
        XCTAssertEqual(try show("ratio(\(errors), \(all), 5m, by: \"endpoint\")"),
                       "{endpoint=\"/cart\"} 0%, {endpoint=\"/pay\"} 9.09091%")
        XCTAssertEqual(try show("ratio(\(errors), series(\"http_requests_total\", endpoint: \"/idle\"), 5m)"), "nodata")
    }

    func testAggregatesDispatchOnTheirArgument() throws {
        XCTAssertEqual(try show("sum([1, 2, 3]), min(2s, 1s), max([1, 5]), avg([2, 4]), count([1, 1])"), "6 1s 5 3 2")
        XCTAssertEqual(try show("sum(rate(series(\"http_requests_total\", code: \"200\"), 5m), by: \"endpoint\")"),
                       "{endpoint=\"/cart\"} 2, {endpoint=\"/idle\"} 0, {endpoint=\"/pay\"} 1")
        XCTAssertEqual(try show("count(series(\"http_requests_total\"))"), "6")
        XCTAssertEqual(try show("max(series(\"latency_seconds\"), 3m)"), "{endpoint=\"/pay\"} 1s100ms")
        XCTAssertEqual(try show("avg(series(\"latency_seconds\"), 2m)"), "{endpoint=\"/pay\"} 1s")
    }

    func testTopKeepsTheLargestAndByPicksGroups() throws {
        let rates = "rate(series(\"http_requests_total\"), 5m)"
        XCTAssertEqual(try show("top(1, \(rates))"), "{code=\"200\", endpoint=\"/cart\"} 2")
        XCTAssertEqual(try show("count(top(2, \(rates), by: \"endpoint\"))"), "2")
    }

    func testQuantilesLastAbsentAndWindowsInSeconds() throws {
        XCTAssertEqual(try show("p50(series(\"latency_seconds\"), 2m)"), "{endpoint=\"/pay\"} 1s")
        XCTAssertEqual(try show("last(series(\"latency_seconds\"))"), "{endpoint=\"/pay\"} 1s100ms")
        XCTAssertEqual(try show("absent(series(\"latency_seconds\"), 5m), absent(series(\"nope\"), 5m)"), "false true")
        XCTAssertEqual(try show("last(series(\"latency_seconds\"))", at: 1200), "nodata")
    }

    func testForecastAndBreachTimeFollowTheTrend() throws {
        // +100ms a minute: 2s is reached 9 minutes after the last sample at 10m.
        XCTAssertEqual(try show("breach_time(series(\"latency_seconds\"), 2s)"), "{endpoint=\"/pay\"} @1970-01-01T00:19:00Z")
        XCTAssertEqual(try show("breach_time(series(\"latency_seconds\"), 0s)"), "nodata")
    }

    func testUserErrorsAreLocated() throws {
        XCTAssertThrowsError(try show("quantile(series(\"latency_seconds\"), 2, 5m)")) { error in
            XCTAssertTrue("\(error)".contains("from 0 to 1"), "\(error)")
        }
        XCTAssertThrowsError(try show("breach_time(series(\"latency_seconds\"), $5)")) { error in
            XCTAssertTrue("\(error)".contains("must be a duration"), "\(error)")
        }
        XCTAssertThrowsError(try show("ewma(series(\"latency_seconds\"), 2)"))
    }
}
