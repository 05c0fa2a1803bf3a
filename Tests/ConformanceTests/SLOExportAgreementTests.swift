import Foundation
import VigilLib
import VigilSyntax
import VigilTestServers
import XCTest

/// `vigil export prometheus` writes rules `promtool check rules` accepts, and on the same
/// data `promtool test rules` on them fires exactly the alerts Vigil's own `alert
/// multiwindow` rules fire, with the same label sets, at every evaluation
/// (Tests/Fixtures/slo-export: NAME.vigil with its test, NAME.test.yml with the same data).
final class SLOExportAgreementTests: XCTestCase {
    static let fixtures = VigilBinary.repoRoot.appendingPathComponent("Tests/Fixtures/slo-export")

    func testExportedRulesPassPromtoolCheck() throws {
        let promtool = try locatePromtool()
        let rules = try export("endpoints")
        let check = try ShortCommand.run(promtool, ["check", "rules", rules.path], in: Self.fixtures)
        XCTAssertEqual(check.status, 0, check.output)
        XCTAssertTrue(check.output.contains("SUCCESS: 32 rules found"), check.output)
        let text = try String(contentsOf: rules, encoding: .utf8)
        for name in ["slo:sli_error:ratio_rate5m", "slo:sli_error:ratio_rate3d", "slo:sli_error:ratio_rate30d",
                     "slo:sli_error:ratio_rate28d", "slo:error_budget:ratio", "slo:period_error_budget_remaining:ratio"] {
            XCTAssertTrue(text.contains("record: \(name)\n"), name)
        }
        // The 28-day SLO's page factor is Sloth's 13.44, on a 1% budget.
        XCTAssertTrue(text.contains("> (13.44 * 0.01)"), text)
        XCTAssertTrue(text.contains("sum by (endpoint)(increase(http_requests_total{service=\\\"api\\\",code=\\\"500\\\"}[1h]))"), text)
        XCTAssertTrue(text.contains("http_request_duration_seconds_bucket{le=\\\"0.3\\\",service=\\\"search\\\"}"), text)
    }

    func testPromtoolFiresTheExportedAlertsWhenVigilDoes() throws {
        let promtool = try locatePromtool()
        let rules = try export("endpoints")
        let evaluations = try vigilEvaluations("endpoints")
        // The data pages on /pay and on latency, never on /search: the comparison has teeth.
        let firing = Set(evaluations.flatMap { e in e.firing.map { "\(e.rule) \($0)" } })
        XCTAssertTrue(firing.contains("api_availability page [\"endpoint\": \"/pay\"]"), "\(firing)")
        XCTAssertTrue(firing.contains("search_latency page [:]"), "\(firing)")
        XCTAssertFalse(firing.contains { $0.contains("/search") }, "\(firing)")
        let test = try generatedTest("endpoints", rules: rules, evaluations)
        let agreement = try ShortCommand.run(promtool, ["test", "rules", test.path], in: Self.fixtures)
        XCTAssertEqual(agreement.status, 0, "promtool disagrees with Vigil's alerts\n\(agreement.output.prefix(4000))")
    }

    func testAnSLOWithAMaintenanceWindowIsNotExportedSilentlyWrong() throws {
        let result = try VigilBinary.run(["export", "prometheus", "examples/slo-latency.vigil"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.combined.contains(
            "examples/slo-latency.vigil:13:5: error: slo api_availability excludes maintenance windows, which Prometheus rules cannot express"),
            result.combined)
    }

    struct Evaluation {
        let time: Int64
        let rule: String
        let firing: [[String: String]]
    }

    func locatePromtool() throws -> String {
        do { return try ServerProcess.locate("promtool") } catch {
            print("SLOExportAgreementTests: skipped: \(error)")
            throw XCTSkip("\(error)")
        }
    }

    func export(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-slo-export-\(name)-\(getpid()).rules.yml")
        let result = try VigilBinary.run(["export", "prometheus", "Tests/Fixtures/slo-export/\(name).vigil", "--output", url.path])
        XCTAssertEqual(result.status, 0, result.combined)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Every evaluation of every rule in the case's Vigil test, with the label sets firing.
    func vigilEvaluations(_ name: String) throws -> [Evaluation] {
        let path = Self.fixtures.appendingPathComponent("\(name).vigil").path
        let (program, diagnostics) = Parser.parse(SourceFile(path: path, text: try String(contentsOfFile: path, encoding: .utf8)))
        XCTAssertTrue(diagnostics.isEmpty, "\(diagnostics.map { $0.render() })")
        let runner = RuleTestRunner(program: program, resolver: nil)
        var out: [Evaluation] = []
        for test in runner.tests {
            let outcome = try runner.run(test) { tick in
                let firing = tick.statuses.filter { $0.state == .firing && !$0.isNoData }.map(\.labels.dictionary)
                out.append(Evaluation(time: tick.time, rule: tick.rule.name, firing: firing))
            }
            XCTAssertTrue(outcome.passed, "\(outcome.failures)")
        }
        return out
    }

    /// The case's promtool test with one alert_rule_test per Vigil evaluation of each alert,
    /// expecting the labels the exported alert carries besides Vigil's own.
    func generatedTest(_ name: String, rules: URL, _ evaluations: [Evaluation]) throws -> URL {
        let source = try String(contentsOf: Self.fixtures.appendingPathComponent("\(name).test.yml"), encoding: .utf8)
        var lines = source.components(separatedBy: "\n").map {
            $0.hasPrefix("rule_files:") ? "rule_files: [\(rules.path)]" : $0
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        for e in evaluations {
            let slo = String(e.rule.split(separator: " ")[0]), severity = String(e.rule.split(separator: " ")[1])
            let service = slo == "search_latency" ? "search" : "api"
            let fixed = ["severity": severity, "sloth_severity": severity, "sloth_id": "\(service)-\(slo)",
                         "sloth_service": service, "sloth_slo": slo]
            lines.append("      - eval_time: \(e.time / 1000)s")
            lines.append("        alertname: \(e.rule)")
            if e.firing.isEmpty { lines.append("        exp_alerts: []"); continue }
            lines.append("        exp_alerts:")
            for labels in e.firing {
                let fields = labels.merging(fixed) { $1 }.sorted { $0.key < $1.key }.map { "\($0.key): \"\($0.value)\"" }
                lines.append("          - exp_labels: {\(fields.joined(separator: ", "))}")
                lines.append("            exp_annotations: {summary: \"(\(severity)) \(service) \(slo) SLO error budget burn rate is too fast\"}")
            }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-slo-agreement-\(name)-\(getpid()).yml")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
