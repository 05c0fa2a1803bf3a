import VigilCheck
import VigilSyntax
import XCTest

/// The contract snippets check cleanly with every feature on, once the names they leave
/// undefined are declared, and are refused with "not available yet" with only the core.
final class ContractFixtureTests: XCTestCase {
    /// Declares what the snippets use without defining: services checkout, search and api
    /// with their signals, the SLO checkout_availability and the policy's `coverage`.
    static let prelude = """
    service checkout {
      signal error_rate = ratio(series("http_requests_total", service: "checkout", code: ~"5.."), series("http_requests_total", service: "checkout"), 5m)
      signal latency_p95 = p95(series("http_request_duration_seconds", service: "checkout"), 5m)
    }
    service search { signal latency = series("stage_a_latency_seconds", service: "search") }
    service api { signal error_rate = ratio(series("errors_total", service: "api"), series("requests_total", service: "api"), 5m) }
    let coverage = 99%

    """

    static let sloPrelude = """
    slo checkout_availability {
      objective 99.9%
      window 30d
      good = series("ok_total")
      total = series("all_total")
    }

    """

    func testSnippetsCheckCleanlyWithEveryFeature() {
        for name in ["canary", "cost", "policy", "runbook", "service", "slo", "test"] {
            let source = name == "service" ? fixture(name) : Self.prelude + fixture(name)
            XCTAssertEqual(summaries(checkSource(source)), [], name)
        }
    }

    /// rules.vigil is §5's first example lifted out of its canary: at top level `error_rate`
    /// is undefined and a bare `rollback` has nothing to act on. Inside a canary it is clean.
    func testRulesSnippetLeavesItsCanaryUndefined() {
        let topLevel = checkSource(Self.prelude + Self.sloPrelude + fixture("rules"))
        XCTAssertEqual(summaries(topLevel).map { String($0.drop { $0 != " " }.dropFirst()) }, [
            "unknown name `error_rate` | hint: did you mean `api.error_rate`?",
            "a bare `rollback` after `then` needs an enclosing canary or service | hint: name what to act on: rollback(\"checkout\")",
        ])
        let lines = fixture("rules").split(separator: "\n", omittingEmptySubsequences: false)
        let wrapped = "canary checkout {\n" + lines[0] + "\n}\n" + lines.dropFirst().joined(separator: "\n")
        XCTAssertEqual(summaries(checkSource(Self.prelude + Self.sloPrelude + wrapped)), [])
    }

    func testSnippetsAreRefusedWithOnlyTheCore() {
        let expected: [String: String] = [
            "canary": "1:1: `canary` blocks are not available yet: the canary engine is not built",
            "cost": "1:1: `prices` blocks are not available yet: the cost engine is not built",
            "policy": "2:11: `p95` is not available yet: the time-series engine is not built",
            "rules": "1:1: rules are not available yet: the rule engine is not built",
            "runbook": "1:1: `runbook` blocks are not available yet: the runbook runner is not built",
            "service": "1:3: `service` blocks are not available yet: the time-series engine is not built",
            "slo": "1:1: `slo` blocks are not available yet: the SLO engine is not built",
            "test": "1:1: `test` blocks are not available yet: the test runner is not built",
        ]
        for (name, first) in expected {
            let found = summaries(checkSource(fixture(name), features: [.core]))
            XCTAssertEqual(found.first, first, name)
        }
    }

    func testTurningAFeatureOnAcceptsWhatItBuilds() {
        let source = "let s = series(\"up\")\nlet r = rate(s, 5m)\n"
        XCTAssertEqual(summaries(checkSource(source, features: [.core])), [
            "1:9: `series` is not available yet: the time-series engine is not built",
            "2:9: `rate` is not available yet: the time-series engine is not built",
        ])
        XCTAssertEqual(summaries(checkSource(source, features: [.core, .series])), [])
    }
}
