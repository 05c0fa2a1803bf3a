import Foundation
import VigilRuntime
import XCTest

final class PolicyTests: XCTestCase {
    func results(_ source: String) throws -> [PolicyResult] {
        let vm = Interpreter()
        try vm.load(parse(source))
        try vm.run()
        return try vm.evaluatePolicies()
    }

    func testObservedValues() throws {
        let src = """
        let p95_ms = 6.2ms
        let p99_ms = 7.9ms
        let coverage = 98.7%
        let nd = avg([])
        policy "gates" {
          let budget = 5ms
          require p95_ms <= budget "stage-A p95 within 5ms"
          require p99_ms <= 2 * p95_ms
          require p95_ms < p99_ms and coverage < 100%
          require nd > 1ms
          warn coverage >= 99%
          require 1 / (coverage - coverage) > 1
        }
        """
        let r = try results(src)
        XCTAssertEqual(r.map(\.outcome), [.fail, .pass, .pass, .nodata, .fail, .nodata])
        XCTAssertEqual(r.map(\.observed), [
            "p95_ms = 6.2ms > 5ms",
            "p99_ms = 7.9ms <= 12.4ms",
            "p95_ms = 6.2ms < 7.9ms and coverage = 98.7% < 100%",
            "no data",
            "coverage = 98.7% < 99%",
            "no data: division by zero",
        ])
        XCTAssertEqual(r.map(\.label), ["stage-A p95 within 5ms", "p99_ms <= 2 * p95_ms",
                                        "p95_ms < p99_ms and coverage < 100%", "nd > 1ms", "coverage >= 99%", "1 / (coverage - coverage) > 1"])
        XCTAssertEqual(r.map(\.level), [.require, .require, .require, .require, .warn, .require])
        XCTAssertEqual(r[0].policy, "gates")
    }

    func testBenchmarkPolicyPasses() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../bench/programs/policy50.vigil")
        let r = try results(try String(contentsOf: url, encoding: .utf8))
        XCTAssertEqual(r.count, 14)
        for line in r where line.level == .require { XCTAssertEqual(line.outcome, .pass, "\(line.label): \(line.observed)") }
        XCTAssertEqual(r.first?.observed, "p95_ms = 4.2ms <= 5ms")
    }

    func testBooleanNameObservation() throws {
        let r = try results("let ok = false\npolicy \"p\" {\n  require ok\n}")
        XCTAssertEqual(r.first?.observed, "ok = false")
        XCTAssertEqual(r.first?.outcome, .fail)
    }

    /// The text follows the ordinary code: `not` and plain operands show around the recorded
    /// comparisons, and a side `and` skips is neither shown nor recorded.
    func testObservedTextFollowsShortCircuit() throws {
        let vm = Interpreter()
        try vm.load(parse("""
        let ok = true
        let x = 3ms
        policy "p" {
          require not ok or x > 1ms
          require ok and x < 1ms and x > 5ms
        }
        """))
        try vm.run()
        let r = try vm.evaluatePolicies(recordingComparisons: true)
        XCTAssertEqual(r.map(\.outcome), [.pass, .fail])
        XCTAssertEqual(r.map(\.observed), ["not (ok = true) or x = 3ms > 1ms", "ok = true and x = 3ms >= 1ms"])
        XCTAssertEqual(r.map { $0.comparisons.map(\.right.text) }, [["1ms"], ["1ms"]])
    }

    /// A record or list literal takes `.field` and `[i]` wherever an expression may start,
    /// including right after `require` and `warn`.
    func testMemberAndIndexOnLiterals() throws {
        let r = try results("""
        policy "p" {
          require {service: "x", weight: 10%}.weight == 0.1
          warn [1, 2, 3][1] == 2
          require {steps: [10%, 50%]}.steps[1] > 60%
        }
        """)
        XCTAssertEqual(r.map(\.outcome), [.pass, .pass, .fail])
        XCTAssertEqual(r.map(\.observed), [
            "{service: \"x\", weight: 10%}.weight = 10% == 0.1",
            "[1, 2, 3][1] = 2 == 2",
            "{steps: [10%, 50%]}.steps[1] = 50% <= 60%",
        ])
    }
}
