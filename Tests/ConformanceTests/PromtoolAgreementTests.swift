import Foundation
import VigilLib
import VigilRules
import VigilSyntax
import VigilTestServers
import XCTest

/// `vigil test` agrees with `promtool test rules` (Prometheus 2.42, which has
/// `keep_firing_for`). Each case in Tests/Fixtures/promtool is written twice: NAME.rules.yml
/// with NAME.test.yml for promtool, and NAME.vigil with the same rule and test. Both hand
/// written tests must pass; then Vigil's firing label sets at EVERY evaluation time become
/// promtool expectations, and promtool must pass those too. Where Vigil reports nodata (a
/// vanished series) Prometheus has resolved the alert: that documented difference is
/// asserted explicitly.
final class PromtoolAgreementTests: XCTestCase {
    static let fixtures = VigilBinary.repoRoot.appendingPathComponent("Tests/Fixtures/promtool")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return names.filter { $0.hasSuffix(".vigil") }.map { String($0.dropLast(6)) }.sorted()
    }

    /// One evaluation as Vigil saw it: the label sets firing with data, and those held for lack of data.
    struct Evaluation {
        let time: Int64
        let firing: [[String: String]]
        let heldWithoutData: [[String: String]]
    }

    func testEveryCaseAgreesWithPromtoolAtEveryEvaluation() throws {
        let promtool: String
        do { promtool = try ServerProcess.locate("promtool") } catch {
            print("PromtoolAgreementTests: skipped: \(error)")
            throw XCTSkip("\(error)")
        }
        let cases = Self.cases
        XCTAssertGreaterThanOrEqual(cases.count, 10, "the agreement suite needs at least 10 cases")
        var nodataCases: [String] = []
        for name in cases {
            let handWritten = try ShortCommand.run(promtool, ["test", "rules", "\(name).test.yml"], in: Self.fixtures)
            XCTAssertEqual(handWritten.status, 0, "\(name): promtool rejects its own test\n\(handWritten.output)")
            let vigil = try VigilBinary.run(["test", "Tests/Fixtures/promtool/\(name).vigil"])
            XCTAssertEqual(vigil.status, 0, "\(name): vigil test fails\n\(vigil.combined)")

            let evaluations = try vigilEvaluations(name)
            XCTAssertFalse(evaluations.isEmpty, "\(name): no evaluations")
            let generated = try generatedTest(name, evaluations)
            let agreement = try ShortCommand.run(promtool, ["test", "rules", generated.path], in: Self.fixtures)
            XCTAssertEqual(agreement.status, 0, "\(name): promtool disagrees with Vigil's states\n\(agreement.output)")
            if evaluations.contains(where: { !$0.heldWithoutData.isEmpty }) { nodataCases.append(name) }
        }
        // The one case whose series vanishes: Vigil holds the firing alert as nodata where
        // Prometheus resolved it (promtool passed "no alert" at those times above).
        XCTAssertEqual(nodataCases, ["VanishedSeries"])
    }

    func testVanishedSeriesIsNodataInVigil() throws {
        let evaluations = try vigilEvaluations("VanishedSeries")
        let held = evaluations.filter { !$0.heldWithoutData.isEmpty }
        XCTAssertFalse(held.isEmpty)
        // Samples stop after 5m; the 5m lookback keeps the last one visible through 10m.
        XCTAssertEqual(held.first?.time, 11 * 60_000)
        XCTAssertEqual(held.last?.heldWithoutData, [["queue": "emails"]])
        XCTAssertTrue(held.allSatisfy { $0.firing.isEmpty })
    }

    /// `and` and `or` work per label set: instance b resolves at 6m while a keeps firing,
    /// and c (no memory series) is never firing (true and unknown is nodata, not true).
    func testVectorAndOrFirePerLabelSet() throws {
        for name in ["VectorAnd", "VectorOr"] {
            let evaluations = try vigilEvaluations(name)
            func firing(at minute: Int64) -> [[String: String]]? {
                evaluations.first { $0.time == minute * 60_000 }?.firing
            }
            XCTAssertEqual(firing(at: 2), [["instance": "a"], ["instance": "b"]], name)
            XCTAssertEqual(firing(at: 5), [["instance": "a"], ["instance": "b"]], name)
            XCTAssertEqual(firing(at: 6), [["instance": "a"]], name)
            XCTAssertEqual(firing(at: 12), [["instance": "a"]], name)
            XCTAssertTrue(evaluations.allSatisfy { $0.heldWithoutData.isEmpty }, name)
        }
    }

    /// Runs the case's Vigil test in process, recording every evaluation of its rule.
    func vigilEvaluations(_ name: String) throws -> [Evaluation] {
        let path = Self.fixtures.appendingPathComponent("\(name).vigil").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let (program, diagnostics) = Parser.parse(SourceFile(path: path, text: text))
        XCTAssertTrue(diagnostics.isEmpty, "\(name): \(diagnostics.map { $0.render() })")
        let runner = RuleTestRunner(program: program, resolver: nil)
        var out: [Evaluation] = []
        for test in runner.tests {
            let outcome = try runner.run(test) { tick in
                let firing = tick.statuses.filter { $0.state == .firing && !$0.isNoData }.map(\.labels.dictionary)
                let held = tick.statuses.filter { $0.isNoData && $0.state != .inactive }.map(\.labels.dictionary)
                out.append(Evaluation(time: tick.time, firing: firing, heldWithoutData: held))
            }
            XCTAssertTrue(outcome.passed, "\(name): \(outcome.failures)")
        }
        return out
    }

    /// The hand-written promtool test's input, with one `alert_rule_test` per Vigil
    /// evaluation: the alerts Vigil fires (held nodata alerts are resolved in Prometheus).
    func generatedTest(_ name: String, _ evaluations: [Evaluation]) throws -> URL {
        let source = try String(contentsOf: Self.fixtures.appendingPathComponent("\(name).test.yml"), encoding: .utf8)
        var lines: [String] = []
        for line in source.components(separatedBy: "\n") {
            if line.hasPrefix("    alert_rule_test:") { break }
            if line.hasPrefix("rule_files:") {
                lines.append("rule_files: [\(Self.fixtures.appendingPathComponent("\(name).rules.yml").path)]")
            } else {
                lines.append(line)
            }
        }
        lines.append("    alert_rule_test:")
        for e in evaluations {
            lines.append("      - eval_time: \(e.time / 1000)s")
            lines.append("        alertname: \(name)")
            if e.firing.isEmpty { lines.append("        exp_alerts: []"); continue }
            lines.append("        exp_alerts:")
            for labels in e.firing {
                let fields = labels.sorted { $0.key < $1.key }.map { "\($0.key): \"\($0.value)\"" }
                lines.append("          - exp_labels: {\(fields.joined(separator: ", "))}")
            }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-agreement-\(name)-\(getpid()).yml")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
