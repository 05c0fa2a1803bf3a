import Foundation
import XCTest

/// `vigil status` over examples/cost-spike.vigil: the cost engine's section (month to date,
/// forecast, the budget's state, the top recommendation) in every format, and the budget's
/// warning as an item. The figures are those `vigil check` prints for the same example
/// (examples/cost-spike.expected), at the newest sample (2025-01-20T12:00Z); the example's
/// second tenant, web, only makes calls.
final class CostStatusCommandTests: XCTestCase {
    static let args = ["status", "examples/cost-spike.vigil", "--data", "examples/data/cost-spike.csv",
                       "--data", "examples/data/cost-spike-focus.csv", "--db", ":memory:"]
    static let lines = [
        "search: $299.51 month to date, forecast $535.27 ($430.19 to $640.35) by the end of the month",
        "search: spike, saves about $972.00 a month: find what changed in search.index on 2025-01-18 and bring its "
            + "spend back to the baseline (spend on 2025-01-19 is $43.64, 3.9x its baseline $11.24 (the median of the "
            + "7 days before); over 2x every day since 2025-01-18; search.index grew most, by $32.40)",
        // web: $1.20 a day of calls, the same every day (so no band): 19.5 days so far, 11.5 to go.
        "web: $23.40 month to date, forecast $37.20 ($37.20 to $37.20) by the end of the month",
        "web: batching, saves about $32.40 a month: batch web.home's calls, 10 to a request (120000 api_call a day, "
            + "100% of the operation's $1.20 a day (last 7 days))",
        "budget search_monthly (search): warning, forecast $535.27 goes over the limit of $450.00 per month",
    ]

    func testJSONHasTheCostSectionAndTheBudgetWarning() throws {
        let result = try VigilBinary.run(Self.args + ["--format", "json"])
        XCTAssertEqual(result.status, 1, result.combined)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["overall"] as? String, "DEGRADED")
        let sections = try XCTUnwrap(json["sections"] as? [[String: Any]])
        let cost = try XCTUnwrap(sections.first { $0["title"] as? String == "Cost" }, result.stdout)
        XCTAssertEqual(cost["lines"] as? [String], Self.lines)
        let items = try XCTUnwrap(json["attention"] as? [[String: Any]])
        let budget = try XCTUnwrap(items.first { $0["title"] as? String == "budget search_monthly: warning" }, result.stdout)
        XCTAssertEqual(budget["health"] as? String, "DEGRADED")
        XCTAssertTrue((budget["evidence"] as? String ?? "").hasPrefix(
            "forecast $535.27 goes over the limit of $450.00 per month; forecast rests on $299.51 so far plus 11.5 days"))
        XCTAssertEqual(budget["recommendation"] as? String,
                       "find what changed in search.index on 2025-01-18 and bring its spend back to the baseline (about $972.00 a month)")
    }

    func testTextMarkdownAndHTMLCarryTheSameLines() throws {
        let text = try VigilBinary.run(Self.args).stdout
        XCTAssertTrue(text.contains("\nCost\n" + Self.lines.map { "  \($0)\n" }.joined()), text)
        XCTAssertTrue(text.contains("[DEGRADED] budget search_monthly: warning"), text)
        let markdown = try VigilBinary.run(Self.args + ["--format", "markdown"]).stdout
        XCTAssertTrue(markdown.contains("\n## Cost\n\n" + Self.lines.map { "- \($0)\n" }.joined()), markdown)
        let html = try VigilBinary.run(Self.args + ["--format", "html"]).stdout
        XCTAssertTrue(html.contains("<section><h2>Cost</h2><ul><li>search: $299.51 month to date"), html)
    }
}
