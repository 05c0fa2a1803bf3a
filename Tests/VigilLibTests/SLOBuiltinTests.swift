import XCTest
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

/// The SLO builtins against hand-computed values: 1000 requests a minute for an hour, 1 in
/// 1000 failing, against a 99% objective (a 1% budget) over 30 days.
final class SLOBuiltinTests: XCTestCase {
    static let slo = """
        slo checkout_availability {
          service checkout
          objective 99%
          window 30d
          good = series("http_requests_total", service: "checkout", code: !~"5..")
          total = series("http_requests_total", service: "checkout")
          min_events 100
        }

        """

    func show(_ source: String, at seconds: Double = 3600, declarations: String = slo) throws -> (String, [String]) {
        var store = SeriesStore()
        let data: [(Labels, String)] = [
            (Labels(name: "http_requests_total", ["service": "checkout", "code": "200"]), "0+999x60"),
            (Labels(name: "http_requests_total", ["service": "checkout", "code": "500"]), "0+1x60"),
        ]
        for (labels, notation) in data { try store.add(try SeriesNotation(notation).series(labels: labels)) }
        let session = VigilSession(store: store)
        var out = ""
        session.interpreter.output = { out = $0 }
        try session.load(Parser.parse(SourceFile(path: "t.vigil", text: declarations + "print(\(source))")).0)
        try session.interpreter.evaluating(Evaluation(time: seconds)) { try session.interpreter.run() }
        return (out, session.interpreter.nodataReasons)
    }

    func testBurnRateBudgetAndComplianceAgreeWithHandComputedValues() throws {
        // Error ratio 0.1% over a 1% budget: a 0.1x burn, 10% of the budget spent, 90% left.
        XCTAssertEqual(try show("burn_rate(checkout_availability, 1h)").0, "0.1")
        XCTAssertEqual(try show("burn_rate(slo(\"checkout_availability\"), 5m)").0, "0.1")
        XCTAssertEqual(try show("compliance(checkout_availability, 30m)").0, "99.9%")
        XCTAssertEqual(try show("budget_spent(checkout_availability)").0, "10%")
        XCTAssertEqual(try show("error_budget(checkout_availability)").0, "90%")
        // 90% of a 30-day budget at 0.1x lasts 0.9 × 30d / 0.1 = 270 days: 38 weeks 4 days.
        XCTAssertEqual(try show("time_to_exhaustion(checkout_availability)").0, "38w4d")
    }

    func testTheErrorRatioAgreesWithRatio() throws {
        let bad = "series(\"http_requests_total\", service: \"checkout\", code: \"500\")"
        let all = "series(\"http_requests_total\", service: \"checkout\")"
        XCTAssertEqual(try show("abs(ratio(\(bad), \(all), 1h) / 1% - burn_rate(checkout_availability, 1h)) < 0.000000001").0, "true")
    }

    func testLowTrafficIsNodataWithItsReason() throws {
        // At the first sample there is nothing to take an increase from yet.
        let (value, reasons) = try show("burn_rate(checkout_availability, 5m)", at: 0)
        XCTAssertEqual(value, "nodata")
        XCTAssertEqual(reasons, ["slo checkout_availability: no `total` series with two samples over 5m"])
        let few = SLOBuiltinTests.slo.replacingOccurrences(of: "min_events 100", with: "min_events 100000")
        let (low, lowReasons) = try show("burn_rate(checkout_availability, 5m)", declarations: few)
        XCTAssertEqual(low, "nodata")
        XCTAssertEqual(lowReasons, ["slo checkout_availability: only 5000 events over 5m, fewer than the minimum 100000"])
    }

    func testAnUnknownSLOIsALocatedError() throws {
        XCTAssertThrowsError(try show("burn_rate(slo(\"checkout_availabilty\"), 1h)")) { error in
            XCTAssertEqual((error as? RuntimeError)?.message, "no slo named \"checkout_availabilty\"")
        }
    }

    func loadError(_ declarations: String) -> String? {
        do {
            _ = try show("1", declarations: declarations)
            return nil
        } catch let error as RuntimeError {
            return error.diagnostic.render()
        } catch {
            return "\(error)"
        }
    }

    func testABadBlockIsALocatedError() throws {
        let total = "  total = series(\"http_requests_total\")\n"
        XCTAssertEqual(loadError("slo a {\n  objective 100%\n  bad = series(\"errors_total\")\n\(total)}\n"), """
            t.vigil:2:13: error: an SLO objective must be between 0% and 100% (exclusive), got 100.0%
              |
            2 |   objective 100%
              |             ^^^^
            """)
        XCTAssertEqual(loadError("slo a {\n  objective 99%\n\(total)}\n"), """
            t.vigil:1:5: error: slo a needs `total = series(…)` and one of `good = …` or `bad = …`, or `latency series(…) below 300ms`
              |
            1 | slo a {
              |     ^
            """)
        XCTAssertEqual(loadError("slo a {\n  window 7d\n  bad = series(\"errors_total\")\n\(total)}\n"), """
            t.vigil:1:5: error: slo a needs an `objective` such as 99.9%
              |
            1 | slo a {
              |     ^
            """)
        XCTAssertEqual(loadError("slo a {\n  objective 99%\n  latency series(\"latency_seconds\") below 300ms\n\(total)}\n"), """
            t.vigil:1:5: error: slo a has both `latency … below` and `good`/`bad`/`total`: an SLO has one SLI
              |
            1 | slo a {
              |     ^
            """)
        XCTAssertEqual(loadError("slo a {\n  objective 99%\n\(total)  bad = series(\"e\")\n  exclude @2026-01-10T04:00Z to @2026-01-10T02:00Z\n}\n"), """
            t.vigil:5:3: error: a maintenance window must end after it starts
              |
            5 |   exclude @2026-01-10T04:00Z to @2026-01-10T02:00Z
              |   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            """)
    }

    func testAlertMultiwindowWritesThePageAndTicketRulesScaledToTheWindow() throws {
        let session = VigilSession()
        let source = SLOBuiltinTests.slo.replacingOccurrences(of: "window 30d", with: "window 28d\n  alert multiwindow\n  every 1m")
        try session.load(Parser.parse(SourceFile(path: "t.vigil", text: source)).0)
        let rules = try session.compileRules()
        XCTAssertEqual(rules.map(\.name), ["checkout_availability page", "checkout_availability ticket"])
        XCTAssertEqual(rules.map(\.every), [60_000, 60_000])
        XCTAssertEqual(rules.map(\.forDuration), [0, 0])
        XCTAssertEqual(rules[0].file.slice(rules[0].decl.condition.range),
                       "(burn_rate(checkout_availability, 1h) > 13.44x and burn_rate(checkout_availability, 5m) > 13.44x)"
                           + " or (burn_rate(checkout_availability, 6h) > 5.6x and burn_rate(checkout_availability, 30m) > 5.6x)")
        XCTAssertEqual(rules[1].file.slice(rules[1].decl.condition.range),
                       "(burn_rate(checkout_availability, 1d) > 2.8x and burn_rate(checkout_availability, 2h) > 2.8x)"
                           + " or (burn_rate(checkout_availability, 3d) > 0.933333x and burn_rate(checkout_availability, 6h) > 0.933333x)")
    }
}
