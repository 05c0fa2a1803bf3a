import Foundation
import XCTest

/// `vigil import openslo`: OpenSLO v1 documents become slo blocks and burn-rate rules that
/// Vigil compiles; what Vigil cannot mean the same way is an error at its line and column.
final class OpenSLOImportTests: XCTestCase {
    static let example = "examples/openslo/checkout.yaml"

    func testTheExampleImportsAndCompiles() throws {
        let result = try VigilBinary.run(["import", "openslo", Self.example])
        XCTAssertEqual(result.status, 0, result.combined)
        XCTAssertEqual(result.stdout, """
            # Imported from checkout.yaml by `vigil import openslo`.

            slo checkout_availability {
              service checkout
              objective 99.9%
              window 28d
              good = series("http_requests_total", service: "checkout", code: !~"5..")
              total = series("http_requests_total", service: "checkout")
            }

            rule "checkout_availability fast-burn-1h" {
              every 30s
              when burn_rate(checkout_availability, 1h) > 13.44x
              for 5m
              summary "page: checkout_availability burn rate > 13.44x over 1h"
            }

            slo search_latency {
              service search
              objective 99%
              window 7d
              latency series("http_request_duration_seconds", service: "search") below 300ms
            }

            """)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-openslo-\(getpid()).vigil")
        addTeardownBlock { try? FileManager.default.removeItem(at: out) }
        XCTAssertEqual(try VigilBinary.run(["import", "openslo", Self.example, "--output", out.path]).status, 0)
        // The imported source compiles (and formats as `vigil fmt` would write it).
        XCTAssertEqual(try VigilBinary.run(["fmt", "--check", out.path]).status, 0)
        let tested = try VigilBinary.run(["test", out.path])
        XCTAssertEqual(tested.status, 0, tested.combined)
    }

    func imported(_ yaml: String) throws -> VigilBinary.Result {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-openslo-\(getpid())-\(UUID().uuidString).yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return try VigilBinary.run(["import", "openslo", url.path])
    }

    func testUnsupportedFieldsAreErrorsAtTheirLineAndColumn() throws {
        let text = try String(contentsOfFile: VigilBinary.repoRoot.appendingPathComponent(Self.example).path, encoding: .utf8)
        let timeslices = try imported(text.replacingOccurrences(of: "budgetingMethod: Occurrences", with: "budgetingMethod: Timeslices"))
        XCTAssertEqual(timeslices.status, 2)
        XCTAssertTrue(timeslices.stderr.contains(
            ":30:20: error: budgetingMethod `Timeslices` is not supported: Vigil budgets Occurrences (good events over all events)"), timeslices.stderr)
        XCTAssertTrue(timeslices.stderr.contains("30 |   budgetingMethod: Timeslices\n   |                    ^^^^^^^^^^"), timeslices.stderr)

        let arithmetic = try imported(text.replacingOccurrences(of: "query: sum(rate(http_requests_total{service=\"checkout\"}[5m]))",
                                                                with: "query: sum(rate(a[5m])) / sum(rate(b[5m]))"))
        XCTAssertTrue(arithmetic.stderr.contains(
            ":18:18: error: `/` is not supported: a query must be one series selector, optionally inside sum(rate(…)) or sum(increase(…))"),
            arithmetic.stderr)

        let alpha = try imported(text.replacingOccurrences(of: "apiVersion: openslo/v1\n", with: "apiVersion: openslo/v1alpha\n"))
        XCTAssertTrue(alpha.stderr.contains(":2:13: error: apiVersion `openslo/v1alpha` is not supported: Vigil reads openslo/v1"), alpha.stderr)
        XCTAssertTrue(alpha.stderr.contains("= hint: v1alpha is what Sloth reads; Vigil takes v1 documents"), alpha.stderr)

        let calendar = try imported(text.replacingOccurrences(of: "    - duration: 28d\n      isRolling: true",
                                                              with: "    - duration: 1M\n      calendar: {startTime: \"2020-01-21 12:30:00\", timeZone: UTC}"))
        XCTAssertTrue(calendar.stderr.contains(":29:17: error: calendar windows are not supported: Vigil's SLO window is rolling"), calendar.stderr)

        let missing = try imported(text.replacingOccurrences(of: "  indicatorRef: checkout-errors", with: "  indicatorRef: checkout-errs"))
        XCTAssertTrue(missing.stderr.contains(":26:17: error: no SLI named `checkout-errs` in this file"), missing.stderr)
    }
}
