import XCTest
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

/// Comparisons of the shape `F(series(…), W) OP literal` compile to kernels
/// (`DirectCondition`). A replay must report exactly what the ordinary compiled conditions
/// report: the same transitions at the same times, with the same observed values and actions.
final class DirectConditionTests: XCTestCase {
    /// Every function the direct path knows, every comparison, the literal on either side,
    /// regex and equality matchers, windows short and long, thresholds that cross often.
    static let rules = """
        rule "rate" { every 30s
          when rate(series("requests_total", code: ~"2..|5.."), 5m) > 0.8
          for 2m
          then page("oncall", "rate") }
        rule "increase" { every 1m
          when 20 <= increase(series("requests_total", code: "500"), 10m)
          keep_firing_for 3m
          then page("oncall", "increase")
          resolve notify("oncall", "increase over") }
        rule "delta" { every 30s
          when delta(series("latency_seconds"), 10m) < 5ms }
        rule "p50" { every 45s
          when p50(series("latency_seconds", code: !~"500"), 15m) >= 150ms
          for 1m }
        rule "p90" { when 200ms < p90(series("latency_seconds"), 1h) }
        rule "p95" { when p95(series("latency_seconds"), 30m) > 170ms for 5m }
        rule "p99" { when p99(series("latency_seconds"), 5m) <= 90ms }
        rule "absent" { when rate(series("no_such_metric"), 5m) > 1 }
        """

    /// One interpreted rule among direct ones: the replay then goes tick by tick, each
    /// direct rule still evaluated directly.
    static let interpretedRule = """

        rule "interpreted" { when rate(series("requests_total"), 5m) * 2 > 1.6 }
        """

    func replay(_ store: SeriesStore, directly: Bool, concurrently: Bool = false, halves: Bool = false,
                mixed: Bool = false) throws -> (records: [String], actions: Int) {
        let session = VigilSession(store: store)
        // Not directly: every comparison compiled the ordinary way, which the kernels must match.
        session.interpreter.options.kernels = directly
        let text = Self.rules + (mixed ? Self.interpretedRule : "")
        let (program, diagnostics) = Parser.parse(SourceFile(path: "direct.vigil", text: text))
        XCTAssertTrue(diagnostics.isEmpty, diagnostics.map { $0.render() }.joined(separator: "\n"))
        try session.load(program)
        let rules = try session.compileRules()
        XCTAssertEqual(rules.filter(\.hasDirectCondition).map(\.name),
                       directly ? ["rate", "increase", "delta", "p50", "p90", "p95", "p99", "absent"] : [])
        XCTAssertEqual(rules.count, mixed ? 9 : 8)
        let runner = RuleRunner(session: session, rules: rules)
        runner.evaluatesDirectly = directly
        runner.evaluatesConcurrently = concurrently
        // In two calls, the second must go on from the state the first left.
        let transitions = halves
            ? try runner.run(from: 0, through: 2 * TimeUnit.hour) + runner.run(from: 2 * TimeUnit.hour + 1, through: 4 * TimeUnit.hour)
            : try runner.run(from: 0, through: 4 * TimeUnit.hour)
        return (transitions.map { t in
            "\(t.time) \(t.rule) \(t.labels) \(t.from)→\(t.to) [\(t.observed)] \(t.actions.map { "\($0.name) \($0.arguments) \($0.idempotencyKey)" })"
        }, session.actionLog.actions.count)
    }

    func testDirectReplayReportsWhatTheInterpretedReplayReports() throws {
        for seed: UInt64 in [1, 7, 42, 99] {
            let store = try IncrementalReplayTests.randomStore(seed: seed)
            let whole = try replay(store, directly: false), halves = try replay(store, directly: false, halves: true)
            let mixed = try replay(store, directly: false, mixed: true)
            XCTAssertGreaterThan(whole.records.count, 40, "seed \(seed): the rules must change state often to compare anything")
            for (name, other, interpreted) in [
                ("rule by rule, one thread", try replay(store, directly: true), whole),
                ("rule by rule, every core", try replay(store, directly: true, concurrently: true), whole),
                ("tick by tick, direct where it can", try replay(store, directly: true, mixed: true), mixed),
                ("rule by rule in halves", try replay(store, directly: true, concurrently: true, halves: true), halves),
            ] {
                XCTAssertEqual(other.actions, interpreted.actions, "\(name), seed \(seed)")
                for (d, i) in zip(other.records, interpreted.records) where d != i {
                    XCTFail("\(name), seed \(seed):\n \(name) \(d)\n interpreted \(i)")
                    break
                }
                XCTAssertEqual(other.records.count, interpreted.records.count, "\(name), seed \(seed)")
            }
        }
    }

    /// A replay job evaluates its rule in blocks of 1,024 times (`RuleReplayJob.blockTicks`),
    /// and the replay runs the jobs a span of ticks of the shortest interval at a time
    /// (`RuleRunner.spanTicks`), recording one span while the jobs run the next. Rules every
    /// 5s and 2s over 4 hours (2,881 and 7,201 evaluations) cross block boundaries and span
    /// boundaries (spans of 4,096 ticks: one, mid-block for both; of 7: over a thousand, several in a
    /// block), also inside the data's 20-minute gaps (series missing, nodata), and must still
    /// report what the interpreter does.
    func testEvaluationsAcrossManyBlocksReportWhatTheInterpreterReports() throws {
        let text = """
            rule "rate" { every 5s
              when rate(series("requests_total"), 1m) > 0.8
              for 30s
              then page("oncall", "rate") }
            rule "p90" { every 2s
              when p90(series("latency_seconds"), 2m) > 150ms
              for 10s }
            """
        for seed: UInt64 in [3, 42] {
            let store = try IncrementalReplayTests.randomStore(seed: seed)
            var reports: [[String]] = []
            for (directly, span) in [(false, 4096), (true, 4096), (true, 7)] {
                let session = VigilSession(store: store)
                session.interpreter.options.kernels = directly
                let (program, diagnostics) = Parser.parse(SourceFile(path: "blocks.vigil", text: text))
                XCTAssertTrue(diagnostics.isEmpty, diagnostics.map { $0.render() }.joined(separator: "\n"))
                try session.load(program)
                let rules = try session.compileRules()
                XCTAssertEqual(rules.filter(\.hasDirectCondition).count, directly ? 2 : 0)
                let runner = RuleRunner(session: session, rules: rules)
                runner.evaluatesDirectly = directly
                runner.evaluatesConcurrently = directly
                runner.spanTicks = span
                reports.append(try runner.run(from: 0, through: 4 * TimeUnit.hour).map { t in
                    "\(t.time) \(t.rule) \(t.labels) \(t.from)→\(t.to) [\(t.observed)] \(t.actions.map(\.idempotencyKey))"
                })
            }
            XCTAssertGreaterThan(reports[0].count, 100, "seed \(seed): the rules must change state often")
            XCTAssertEqual(reports[1], reports[0], "seed \(seed)")
            XCTAssertEqual(reports[2], reports[0], "seed \(seed), spans of 7 ticks")
        }
    }

    /// A kernel counts its steps like the calls it stands for: the step budget stops it.
    func testAKernelCountsItsSteps() throws {
        let session = VigilSession(store: try IncrementalReplayTests.randomStore(seed: 1))
        let (program, _) = Parser.parse(SourceFile(path: "steps.vigil", text: """
            rule "direct" { when rate(series("requests_total"), 5m) > 1 }
            """))
        try session.load(program)
        let rules = try session.compileRules()
        XCTAssertTrue(try XCTUnwrap(rules.first).hasDirectCondition)
        session.interpreter.options.maxSteps = 1
        for directly in [false, true] {
            let runner = RuleRunner(session: session, rules: rules)
            runner.evaluatesDirectly = directly
            XCTAssertThrowsError(try runner.run(from: 0, through: 0)) { error in
                XCTAssertEqual((error as? RuntimeError)?.message, "step budget of 1 exceeded (raise it with --max-steps)")
            }
        }
    }

    /// Conditions of other shapes, or whose names the program rebinds, are interpreted.
    func testOtherShapesAreInterpreted() throws {
        let session = VigilSession(store: try IncrementalReplayTests.randomStore(seed: 1))
        let (program, diagnostics) = Parser.parse(SourceFile(path: "shapes.vigil", text: """
            let limit = 3
            service checkout {
              signal rate_5m = rate(series("requests_total"), 5m)
              rule "signal" { when rate_5m > 1 }
            }
            rule "variable" { when rate(series("requests_total"), 5m) > limit }
            rule "arithmetic" { when rate(series("requests_total"), 5m) * 2 > 1 }
            rule "no metric name" { when rate(series(code: "500"), 5m) > 1 }
            rule "interpolated" { when rate(series("requests_{limit}"), 5m) > 1 }
            rule "aggregate" { when sum(rate(series("requests_total"), 5m)) > 1 }
            rule "equality" { when rate(series("requests_total"), 5m) == 1 }
            rule "direct" { when rate(series("requests_total"), 5m) > 1 }
            """))
        XCTAssertTrue(diagnostics.isEmpty, diagnostics.map { $0.render() }.joined(separator: "\n"))
        try session.load(program)
        XCTAssertEqual(try session.compileRules().filter(\.hasDirectCondition).map(\.name), ["direct"])
    }

    /// A program's own function of a builtin's name is the one its rules call.
    func testAProgramsOwnFunctionShadowsTheBuiltin() throws {
        let session = VigilSession(store: try IncrementalReplayTests.randomStore(seed: 1))
        let (program, _) = Parser.parse(SourceFile(path: "shadow.vigil", text: """
            fn p99(s, w) { return 1 }
            rule "own" { when p99(series("latency_seconds"), 5m) > 0 }
            """))
        try session.load(program)
        let rules = try session.compileRules()
        XCTAssertFalse(try XCTUnwrap(rules.first).hasDirectCondition)
        let transitions = try RuleRunner(session: session, rules: rules).run(from: 0, through: 0)
        XCTAssertEqual(transitions.map(\.to), [.firing])
    }

    /// Shapes the direct path leaves to the interpreter still report the interpreter's
    /// errors: a threshold whose unit does not compare with the function's.
    func testAMismatchedUnitIsStillTheInterpretersLocatedError() throws {
        let session = VigilSession(store: try IncrementalReplayTests.randomStore(seed: 1))
        let (program, _) = Parser.parse(SourceFile(path: "units.vigil", text: """
            when delta(series("latency_seconds"), 10m) > 5% then page("oncall", "x")
            """))
        try session.load(program)
        XCTAssertThrowsError(try RuleRunner(session: session, rules: try session.compileRules()).run(from: 0, through: TimeUnit.hour)) { error in
            let message = (error as? RuntimeError)?.message ?? "\(error)"
            XCTAssertTrue(message.contains("cannot compare"), message)
        }
    }
}
