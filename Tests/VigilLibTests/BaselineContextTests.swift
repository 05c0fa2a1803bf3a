import Foundation
import VigilCheck
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax
import XCTest

/// The checker and the runtime agree on `baseline` (LANGUAGE.md §4): a program the checker
/// accepts compiles and runs without "unknown name" or a `baseline` error, in a service, a
/// top-level rule, a policy, a script, a function and a canary.
final class BaselineContextTests: XCTestCase {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let features: Set<Feature> = [.core, .series, .rules, .tests, .canary, .simulator]
    let loader = ModuleLoader(stdlibRoots: [BaselineContextTests.repoRoot.appendingPathComponent("stdlib").path])

    /// A session over the recorded checkout hour (14:00–15:00), evaluating at its end.
    func session() throws -> VigilSession {
        let path = Self.repoRoot.appendingPathComponent("examples/data/replay-checkout.csv").path
        var store = SeriesStore()
        try store.ingest(try IngestFormat.csv.parse(String(contentsOfFile: path, encoding: .utf8), file: path), file: path)
        let session = VigilSession(store: store)
        session.interpreter.options.now = Date(timeIntervalSince1970: 1_736_953_200)
        session.interpreter.output = { _ in }
        session.canaries.printsTimeline = false
        return session
    }

    /// Parses and checks; nil (with the checker's messages) when the checker refuses it.
    func checked(_ source: String, path: String) -> (Program?, [String]) {
        let (program, parseErrors) = Parser.parse(SourceFile(path: path, text: source))
        if !parseErrors.filter({ $0.severity == .error }).isEmpty { return (nil, parseErrors.map(\.headline)) }
        let errors = Checker.check(program, loader: loader, options: Engines.checkOptions(available: Self.features))
            .diagnostics.filter { $0.severity == .error }
        return errors.isEmpty ? (program, []) : (nil, errors.map(\.headline))
    }

    /// Loads and compiles everything (rules, policies, canaries), runs the statements,
    /// policies and canaries; returns every error raised, compile or run time.
    func errors(running program: Program) throws -> [String] {
        let session = try session()
        var out: [String] = []
        func attempt(_ body: () throws -> Void) {
            do { try body() } catch let e as RuntimeError { out.append(e.message) } catch { out.append("\(error)") }
        }
        attempt {
            try session.load(program, resolver: { decl, file in self.loader.resolve(decl, from: file) })
            let rules = try session.compileRules()
            attempt { try session.interpreter.run() }
            attempt { out += try session.interpreter.evaluatePolicies().compactMap { $0.error?.message } }
            attempt { _ = try session.canaries.runAll(simulate: true) }
            _ = rules
        }
        return out
    }

    static let prelude = """
        service checkout {
          signal error_rate = ratio(series("http_requests_total", service: "checkout", code: "500"),
                                    series("http_requests_total", service: "checkout"), 5m)
        }
        service api {
          signal latency = series("http_request_duration_seconds", service: "checkout", endpoint: "/pay")
        }

        """

    /// Each context holding one comparison (written with the signal `S`, here an error rate,
    /// so that `+ 0.5%` has the unit it needs).
    static let contexts: [(String, (String) -> String)] = [
        ("service rule", { "service shop {\n  signal s = checkout.error_rate\n  when \($0.replacingOccurrences(of: "S", with: "s")) for 10m then rollback\n}\n" }),
        ("top-level rule", { "when \($0.replacingOccurrences(of: "S", with: "checkout.error_rate")) for 5m then notify(\"#c\", \"up\")\n" }),
        ("rule block", { "rule \"r\" {\n  when \($0.replacingOccurrences(of: "S", with: "checkout.error_rate"))\n  for 2m\n}\n" }),
        ("policy", { "policy \"gates\" {\n  require \($0.replacingOccurrences(of: "S", with: "max(checkout.error_rate)"))\n}\n" }),
        ("script", { "print(\($0.replacingOccurrences(of: "S", with: "checkout.error_rate")))\n" }),
        ("function", { "fn f() = \($0.replacingOccurrences(of: "S", with: "checkout.error_rate"))\nprint(f())\n" }),
    ]

    /// `baseline` bare on either side, and called with each method.
    static let comparisons = [
        "S > baseline + 0.5%",
        "baseline * 2 >= S",
        "S <= baseline(S, window: 2h) * 110%",
        "S < baseline(S, window: 1h, method: \"median\") * 3",
        "baseline(S, method: \"ewma\") * 2 > S",
    ]

    func testEveryContextTheCheckerAcceptsRunsWithoutANameOrBaselineError() throws {
        for (context, wrap) in Self.contexts {
            for comparison in Self.comparisons {
                let source = Self.prelude + wrap(comparison)
                let (program, refused) = checked(source, path: "generated.vigil")
                guard let program else {
                    XCTFail("the checker refuses \(comparison) in a \(context): \(refused)")
                    continue
                }
                XCTAssertEqual(try errors(running: program), [], "\(comparison) in a \(context)")
            }
        }
    }

    func testTheCanaryRuleWorksInACanaryToo() throws {
        let source = Self.prelude + """
            canary checkout {
              stable "v1"
              candidate "v2"
              steps 50%, 100%
              bake 2m
              every 1m
              when error_rate > baseline + 0.5% for 2m then rollback
            }
            simulate checkout {
              seed 3
            }

            """
        let (program, refused) = checked(source, path: "canary.vigil")
        XCTAssertEqual(refused, [])
        XCTAssertEqual(try errors(running: try XCTUnwrap(program)), [])
    }

    /// A canary's hooks are inside it too: there `baseline` is the stable version's value.
    func testACanaryHookComparesWithTheStableVersion() throws {
        let source = Self.prelude + """
            canary checkout {
              stable "v1"
              candidate "v2"
              steps 50%, 100%
              bake 2m
              every 1m
              on promote print(error_rate < baseline * 10)
            }
            simulate checkout {
              seed 3
            }

            """
        let (program, refused) = checked(source, path: "canary.vigil")
        XCTAssertEqual(refused, [])
        let session = try session()
        var printed: [String] = []
        session.interpreter.output = { printed.append($0) }
        try session.load(try XCTUnwrap(program))
        _ = try session.canaries.runAll(simulate: true)
        // The trailing mean would still be nodata four minutes in (eight of ten values).
        XCTAssertEqual(printed, ["true"])
    }

    /// Every example and stdlib module the checker accepts compiles and runs with no
    /// "unknown name" and no `baseline` error (other run-time outcomes are theirs to show).
    func testExamplesAndStdlibNeverMeetAnUnknownNameAtRunTime() throws {
        var files: [String] = []
        for folder in ["examples", "stdlib"] {
            let root = Self.repoRoot.appendingPathComponent(folder)
            let found = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
            files += found.filter { $0.hasSuffix(".vigil") }.map { root.appendingPathComponent($0).path }
        }
        XCTAssertGreaterThan(files.count, 10)
        for path in files.sorted() {
            let (program, _) = checked(try String(contentsOfFile: path, encoding: .utf8), path: path)
            guard let program else { continue }  // refused by the checker: ExampleTests shows why
            for message in try errors(running: program) {
                XCTAssertFalse(message.hasPrefix("unknown name") || message.contains("`baseline`"), "\(path): \(message)")
            }
        }
    }
}

/// What `baseline` yields outside a canary, line by line, on the recorded checkout hour.
extension BaselineContextTests {
    func policyResults(_ source: String, at seconds: Double) throws -> [String] {
        let (program, refused) = checked(Self.prelude + source, path: "gates.vigil")
        XCTAssertEqual(refused, [])
        let session = try session()
        session.interpreter.options.now = Date(timeIntervalSince1970: seconds)
        try session.load(try XCTUnwrap(program))
        return try session.interpreter.evaluatePolicies().map { "\($0.outcome) \($0.observed)" }
    }

    func testAReleaseGateAgainstTheBaselineIsAPolicy() throws {
        let gate = "policy \"release\" {\n  require p95(api.latency, 1h) <= baseline * 110%\n}\n"
        XCTAssertEqual(try policyResults(gate, at: 1_736_953_200), [
            "fail p95(api.latency, 1h) = {endpoint=\"/pay\", service=\"checkout\"} 330ms > 246.95ms",
        ])
        // Three minutes into the data: six values at 14:00, 14:00:30, … 14:02:30.
        XCTAssertEqual(try policyResults(gate, at: 1_736_949_780), [
            "nodata no data: the baseline of p95(api.latency, 1h) for {endpoint=\"/pay\", service=\"checkout\"} has 6 of the 10 values "
                + "it needs (one per 30s over the last 1d)",
        ])
    }

    func testAScalarBaselineSaysHowManyValuesItHas() throws {
        // At 14:05 the grid has ten points since 14:00, but the rate at 14:00 itself has no data.
        let gate = "policy \"p\" {\n  require max(checkout.error_rate) < baseline(max(checkout.error_rate), window: 1h) * 2\n}\n"
        XCTAssertEqual(try policyResults(gate, at: 1_736_949_900), [
            "nodata no data: the baseline of max(checkout.error_rate) has 9 of the 10 values it needs (one per 30s over the last 1h)",
        ])
    }

    func testAScriptPrintsTheBaselineOfEachMethod() throws {
        let (program, refused) = checked(Self.prelude + """
            print(baseline(checkout.error_rate, window: 30m))
            print(baseline(checkout.error_rate, window: 30m, method: "median"))
            print(baseline(checkout.error_rate, window: 30m, method: "ewma"))
            print(checkout.error_rate > baseline * 2, baseline * 110% < checkout.error_rate)

            """, path: "script.vigil")
        XCTAssertEqual(refused, [])
        let session = try session()
        session.interpreter.options.now = Date(timeIntervalSince1970: 1_736_951_400)  // 14:30
        var printed: [String] = []
        session.interpreter.output = { printed.append($0) }
        try session.load(try XCTUnwrap(program))
        try session.interpreter.run()
        // The error rate climbs from 0.5% after 14:20: the median ignores it, the EWMA leans on it.
        XCTAssertEqual(printed, ["1.87504%", "0.497512%", "2.63841%", "true true"])
    }
}
