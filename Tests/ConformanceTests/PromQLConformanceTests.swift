import Foundation
import VigilCheck
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax
import XCTest

/// Prometheus's own PromQL engine tests (v2.42.0, the version Debian ships) as the reference
/// for Vigil's §4 semantics. Each upstream file is translated in Tests/Fixtures/promql (see
/// `PromQLFixture` for the format): every evaluation Vigil can write becomes a Vigil
/// expression with the upstream expected values, the rest are listed with the reason.
/// Each case is parsed, checked and evaluated through the real language at its time, over
/// a store holding the loaded series; values agree within promtool's relative tolerance and
/// label sets exactly. Cases marked pending wait for a named piece of work and must still
/// fail, so that whoever lands it flips them to `eval`.
final class PromQLConformanceTests: XCTestCase {
    static let fixtures = VigilBinary.repoRoot.appendingPathComponent("Tests/Fixtures/promql")

    func testFunctions() throws { try conform("functions") }
    func testOperators() throws { try conform("operators") }
    func testAggregators() throws { try conform("aggregators") }
    func testStaleness() throws { try conform("staleness") }

    func conform(_ name: String) throws {
        let fixture = try PromQLFixture(path: Self.fixtures.appendingPathComponent("\(name).promql").path)
        XCTAssertEqual(fixture.cases.count + fixture.skips.count, fixture.upstreamEvaluations,
                       "\(name): every upstream eval is translated or skipped, once")
        var passing = 0, pending: [String: Int] = [:]
        for c in fixture.cases {
            let where_ = "\(name).promql:\(c.line): at \(c.at)ms: \(c.expression)"
            let (passed, detail) = Self.run(c)
            if passed { passing += 1 }
            if let item = c.pending {
                pending[item, default: 0] += 1
                XCTAssertFalse(passed, "\(where_)\n  now passes: move it from `pending \(item)` to `eval`")
                if ProcessInfo.processInfo.environment["PROMQL_SHOW_PENDING"] != nil { print("pending \(item): \(where_): \(detail)") }
            } else {
                XCTAssertTrue(passed, "\(where_)\n  expected \(c.expected)\n  \(detail)")
            }
        }
        let skipped = Dictionary(grouping: fixture.skips, by: \.category).mapValues(\.count)
        let waiting = pending.sorted { $0.key < $1.key }.map { "\($0.value) wait for \($0.key)" }
        print("PromQL \(name).test: \(fixture.upstreamEvaluations) upstream evals: \(fixture.cases.count) ported, "
              + "\(passing) passing" + (waiting.isEmpty ? "" : " (" + waiting.joined(separator: ", ") + ")")
              + "; \(fixture.skips.count) skipped (\(skipped["none"] ?? 0) without a counterpart, "
              + "\(skipped["differs"] ?? 0) deliberate differences)")
    }

    /// Checks and evaluates one case; whether it agrees, and what it gave.
    static func run(_ c: PromQLFixture.Case) -> (Bool, String) {
        var store = SeriesStore()
        for s in c.data {
            do { try store.add(s) } catch { return (false, "cannot load \(s.labels.fingerprint): \(error)") }
        }
        let session = VigilSession(store: store)
        let file = SourceFile(path: "case.vigil", text: c.expression)
        let (program, parsed) = Parser.parse(file)
        let checked = parsed.contains { $0.severity == .error } ? parsed
            : Checker.check(program, loader: nil, options: CheckOptions(available: [.series])).diagnostics
        if let error = checked.first(where: { $0.severity == .error }) { return (false, "check: \(error.render())") }
        guard program.decls.count == 1, case .statement(let statement) = program.decls[0].kind,
              case .expr(let expression) = statement.kind else { return (false, "not a single expression") }
        do {
            let value = try session.interpreter.evaluating(Evaluation(time: Double(c.at) / 1000)) {
                try session.interpreter.evaluate(expression: expression, in: file)
            }
            let actual = try result(of: value)
            return (agrees(c.expected, actual), "got \(actual)")
        } catch let e as RuntimeError {
            return (false, "error: \(e.diagnostic.render())")
        } catch {
            return (false, "error: \(error)")
        }
    }

    static func result(of value: Value) throws -> PromQLFixture.Result {
        if case .object(let vector as VectorValue) = value {
            var out: [Labels: PromQLFixture.Scalar] = [:]
            for e in vector.entries {
                guard out[e.labels] == nil else { throw PromQLText.Error("two elements with the label set \(e.labels.fingerprint)") }
                out[e.labels] = try scalar(of: e.value)
            }
            return .vector(out)
        }
        if case .nodata = value { return .nodata }
        return .scalar(try scalar(of: value))
    }

    static func scalar(of value: Value) throws -> PromQLFixture.Scalar {
        switch value {
        case .number(let x, _): return .number(x)
        case .bool(let b): return .bool(b)
        case .nodata: return .nodata
        default: throw PromQLText.Error("a \(value.typeName) (\(value.literal)), not a number, bool or vector")
        }
    }

    static func agrees(_ expected: PromQLFixture.Result, _ actual: PromQLFixture.Result) -> Bool {
        switch (expected, actual) {
        case (.nodata, .nodata): return true
        case (.scalar(let a), .scalar(let b)): return agrees(a, b)
        case (.vector(let a), .vector(let b)):
            return a.count == b.count && a.allSatisfy { labels, x in b[labels].map { agrees(x, $0) } ?? false }
        default: return false
        }
    }

    static func agrees(_ a: PromQLFixture.Scalar, _ b: PromQLFixture.Scalar) -> Bool {
        if case .number(let x) = a, case .number(let y) = b { return almostEqual(x, y) }
        return a == b
    }

    /// promtool's comparison (promql/test.go): NaN equals NaN, otherwise a relative error
    /// below 1e-6, or an absolute one near zero.
    static func almostEqual(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN && b.isNaN { return true }
        if a == b { return true }
        let epsilon = 0.000001, minNormal = Double.leastNormalMagnitude
        let diff = abs(a - b)
        if a == 0 || b == 0 || diff < minNormal { return diff < epsilon * minNormal }
        return diff / (abs(a) + abs(b)) < epsilon
    }
}
