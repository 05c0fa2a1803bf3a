import Foundation
import XCTest
import VigilLib
import VigilSeries
import VigilStore
@testable import vigil

/// What Tab offers at the REPL prompt: the session's own names, then the table's builtins.
final class ReplCompletionTests: XCTestCase {
    func testCompletionsOfferOwnNamesThenBuiltins() {
        let repl = ReplSession(session: VigilSession())
        XCTAssertTrue(repl.evaluate("let rollout_step = 2\nfn rounded(x) = round(x)"))
        XCTAssertEqual(repl.completions(of: "ro"), ["rollout_step", "rounded", "rollback", "root_cause", "round", "routes_to_candidate"])
        XCTAssertEqual(repl.completions(of: "jo"), ["join"])
        XCTAssertEqual(repl.completions(of: "slo"), ["slo"])
        XCTAssertEqual(repl.completions(of: "month"), ["month_to_date"])
    }

    func testCompletionsFollowWhereTheCursorStands() throws {
        let repl = ReplSession(session: VigilSession())
        try repl.session.addData(file: "examples/data/replay-checkout.csv")
        XCTAssertTrue(repl.evaluate("""
            service checkout {
              signal errors = rate(series("http_requests_total", service: "checkout", code: "500"), 5m)
              signal error_share = 1%
            }
            """))
        // A service's signals after the dot.
        XCTAssertEqual(repl.completions(of: "checkout.err", after: "").words, ["checkout.error_share", "checkout.errors"])
        // Metric names and label values inside a string, closed by a quote.
        let metric = repl.completions(of: "http_req", after: "series(\"")
        XCTAssertEqual(metric.words, ["http_request_duration_seconds", "http_requests_total"])
        XCTAssertEqual(metric.append, "\"")
        XCTAssertEqual(repl.completions(of: "che", after: "series(\"x\", service: \"").words, ["checkout"])
        // Label names inside `series(…)`, before the other names.
        XCTAssertEqual(repl.completions(of: "co", after: "series(\"http_requests_total\", ").words.first, "code:")
        XCTAssertFalse(repl.completions(of: "co", after: "").words.contains("code:"))
        // Builtins still complete to their call.
        XCTAssertEqual(repl.completions(of: "jo", after: "").append, "(")
    }

    /// A store read as series are selected (the REPL's start-up does not grow with it) still
    /// completes every stored name, reads only what is selected, and a `:data` file then meets
    /// all the stored samples, as at an eager start.
    func testAStoreReadAsSelectedCompletesItsNamesAndDataJoinsAllOfIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-lazy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.sqlite").path
        try VigilDatabase(path: path).samples.insert([
            try Series(labels: Labels(name: "queue_depth", ["job": "web"]), timestamps: [1_000, 2_000], values: [1, 2]),
            try Series(labels: Labels(name: "up", ["job": "api"]), timestamps: [1_000, 2_000], values: [1, 1]),
        ])
        let session = VigilSession()
        session.read(from: StoreFeed(database: try VigilDatabase.reading(path: path), context: session.context))
        let repl = ReplSession(session: session)
        XCTAssertEqual(repl.completions(of: "qu", after: "series(\"").words, ["queue_depth"])
        XCTAssertEqual(repl.completions(of: "a", after: "series(\"up\", job: \"").words, ["api"])
        XCTAssertTrue(repl.evaluate("print(series(\"up\"))"))
        XCTAssertEqual(session.context.store.series.map(\.labels.description), ["{__name__=\"up\", job=\"api\"}"], "only the selected series is read")
        let data = folder.appendingPathComponent("more.prom")
        try "queue_depth{job=\"web\"} 3 3000\n".write(to: data, atomically: true, encoding: .utf8)
        try session.addData(file: data.path)
        XCTAssertEqual(session.context.store.series(Labels(name: "queue_depth", ["job": "web"]))?.values, [1, 2, 3])
        XCTAssertNil(session.storeFeed)
    }

    func testTenThousandMetricNamesAreSearchedByPrefix() throws {
        let repl = ReplSession(session: VigilSession())
        var csv = "timestamp,metric,value\n"
        for i in 0..<10_000 { csv += "2025-01-15T14:00:00Z,metric_\(i),1\n" }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-names-\(UUID().uuidString).csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        try repl.session.addData(file: file.path)
        XCTAssertEqual(repl.completions(of: "metric_999", after: "\"").words,
                       ["metric_999", "metric_9990", "metric_9991", "metric_9992", "metric_9993", "metric_9994",
                        "metric_9995", "metric_9996", "metric_9997", "metric_9998", "metric_9999"])
        XCTAssertEqual(repl.completions(of: "metric_", after: "\"").words.count, 200, "capped for the terminal")
    }
}
