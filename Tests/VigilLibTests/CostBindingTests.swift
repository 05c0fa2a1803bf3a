import XCTest
@testable import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

/// The cost builtins in a session, against sums worked out by hand: tenant "acme"'s
/// billing.charge makes 100 API calls ($0.00001 each) and 300 DB queries ($0.000002 each)
/// a minute for an hour; tenant "web" 10 calls a minute.
final class CostBindingTests: XCTestCase {
    static let declarations = """
        prices { api_call: $0.00001, db_query: $0.000002 }
        budget acme {
          tenant "acme"
          limit $0.1 per month
        }

        """

    static func usage(_ tenant: String, _ operation: String, _ usage: String) -> Labels {
        Labels(name: "usage_total", ["tenant": tenant, "operation": operation, "usage": usage])
    }

    func run(_ source: String, at seconds: Double = 3600, declarations: String = declarations,
             extra: [(Labels, String)] = []) throws -> (String, [String]) {
        var store = SeriesStore()
        let data: [(Labels, String)] = [
            (Self.usage("acme", "billing.charge", "api_call"), "0+100x60"),
            (Self.usage("acme", "billing.charge", "db_query"), "0+300x60"),
            (Self.usage("web", "web.home", "api_call"), "0+10x60"),
        ] + extra
        for (labels, notation) in data { try store.add(try SeriesNotation(notation).series(labels: labels)) }
        let session = VigilSession(store: store)
        var out: [String] = []
        session.interpreter.output = { out.append($0) }
        try session.load(Parser.parse(SourceFile(path: "t.vigil", text: declarations + source)).0)
        try session.interpreter.evaluating(Evaluation(time: seconds)) { try session.interpreter.run() }
        return (out.joined(separator: "\n"), session.interpreter.nodataReasons)
    }

    func show(_ expression: String, at seconds: Double = 3600) throws -> String {
        try run("print(\(expression))", at: seconds).0
    }

    func error(_ source: String, declarations: String = declarations, extra: [(Labels, String)] = []) -> String {
        do {
            _ = try run(source, declarations: declarations, extra: extra)
            return "no error"
        } catch let e as RuntimeError {
            return e.diagnostic.render()
        } catch {
            return "\(error)"
        }
    }

    func testCostIsUsageTimesPricesSummedByTenantAndOperation() throws {
        // 6000 calls ($0.06) + 18,000 queries ($0.036) month to date; web 600 calls ($0.006).
        XCTAssertEqual(try show("cost(tenant: \"acme\")"), "$0.096")
        XCTAssertEqual(try show("month_to_date(\"acme\")"), "$0.096")
        XCTAssertEqual(try show("month_to_date(acme)"), "$0.096")
        XCTAssertEqual(try show("cost()"), "$0.102")
        // The last 30 minutes: 3000 calls and 9000 queries.
        XCTAssertEqual(try show("cost(tenant: \"acme\", operation: \"billing.charge\", over: 30m)"), "$0.048")
        XCTAssertEqual(try show("cost(operation: \"web.home\", over: 1h)"), "$0.006")
        XCTAssertEqual(try show("[cost(tenant: \"acme\", over: 30m), cost(tenant: \"web\", over: 30m), cost(over: 30m)]"),
                       "[$0.048, $0.003, $0.051]")
    }

    func testBudgetStatusAndTheForecastNeedAWholeDay() throws {
        let (out, reasons) = try run("let s = budget_status(acme)\nprint(s.state, s.spent, s.left, s.used, s.forecast)")
        // $0.096 of $0.1 is 96%, over the 80% warning; no whole day yet, so no forecast.
        XCTAssertEqual(out, "warning $0.096 $0.004 96% nodata")
        XCTAssertEqual(reasons, ["no forecast for tenant \"acme\": it has no whole day of spend before today to take a daily rate from"])
        XCTAssertEqual(try show("forecast_spend(\"acme\")"), "nodata")
        XCTAssertEqual(try show("budget_status(\"acme\").state"), "warning")
        XCTAssertTrue(error("print(budget_status(\"acmee\"))").contains("error: no budget named \"acmee\": declared are acme"))
    }

    func testAnUnknownTenantNamesTheTenantsThatExist() {
        XCTAssertEqual(error("print(cost(tenant: \"acne\"))"), """
            t.vigil:6:7: error: no cost data for tenant "acne": tenants with costs are "acme", "web"
              |
            6 | print(cost(tenant: "acne"))
              |       ^^^^^^^^^^^^^^^^^^^^
              = hint: did you mean `acme`?
            """)
        XCTAssertTrue(error("print(month_to_date(\"nobody\"))").contains(
            "error: no cost data for tenant \"nobody\": tenants with costs are \"acme\", \"web\""))
        XCTAssertTrue(error("print(cost(tenant: \"acme\", operation: \"billing.charg\"))").contains(
            "error: no operation \"billing.charg\" of tenant \"acme\" has costs: there are \"billing.charge\""))
    }

    func testUsageWithoutAPriceNamesTheOperation() {
        let egress = (Self.usage("acme", "export", "egress_gb"), "0+1x60")
        XCTAssertTrue(error("print(cost(tenant: \"web\"))", extra: [egress]).contains(
            "error: no price for usage \"egress_gb\" of operation \"export\" (tenant \"acme\"): `prices` has api_call, db_query"))
        XCTAssertTrue(error("print(cost(tenant: \"web\"))", declarations: "").contains(
            "error: no price for usage \"api_call\" of operation \"billing.charge\" (tenant \"acme\"): there is no `prices` block"))
    }

    func testABudgetNeedsALimitAndAPriceIsMoney() {
        XCTAssertTrue(error("", declarations: "budget b {\n  tenant \"acme\"\n}\n").contains(
            "t.vigil:1:8: error: budget `b` needs a limit such as `limit $1800 per month`"))
        XCTAssertTrue(error("", declarations: "prices { api_call: $1 }\nprices { api_call: $2 }\n").contains(
            "t.vigil:2:10: error: `api_call` is priced twice; the first price is at t.vigil:1"))
    }

    func testBudgetAlertRulesFireOnceAtTheCrossingAndTheForecastWarnsBeforeTheActual() throws {
        // $10 an hour ($240 a day) against $7200 a month from 1970-01-01: the forecast (240 × 31 =
        // $7440) is over the limit once a whole day exists; spend reaches 80% ($5760) at 24d and
        // goes over the limit in the first hour after 30d. February (28 × $240 = $6720) starts
        // below every threshold, so the rules resolve and the warning fires again at 31d + 24d.
        let source = """
            prices { api_call: $0.01 }
            budget acme {
              tenant "acme"
              limit $7200 per month
              alert forecast
            }
            test "budget alerts" {
              interval 1h
              every 1h
              series("usage_total", tenant: "acme", operation: "billing.charge", usage: "api_call") = "0+1000x1340"
              at 23h expect nodata "acme budget forecast"
              at 1d expect firing "acme budget forecast"
              at 23d23h expect inactive "acme budget warning"
              at 24d expect firing "acme budget warning"
              at 30d expect inactive "acme budget exceeded"
              at 30d1h expect firing "acme budget exceeded"
              at 31d expect inactive "acme budget warning"
              at 31d expect inactive "acme budget forecast"
              at 54d23h expect inactive "acme budget warning"
              at 55d expect firing "acme budget warning"
            }
            """
        let (program, _) = Parser.parse(SourceFile(path: "t.vigil", text: source))
        let runner = RuleTestRunner(program: program, resolver: nil)
        XCTAssertEqual(try runner.run(runner.tests[0]).failures, [])
    }
}
