import XCTest
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

/// `burn_rate(slo, W) OP literal` compiles to a kernel (`BurnRateKernel`), and a rule made of
/// such comparisons joined by `and`/`or` — every `alert multiwindow` rule — replays rule by
/// rule. Either way the replay must report exactly what the ordinary code reports, where
/// `burn_rate` is called as a builtin at every evaluation: the same transitions at the same
/// times, with the same observed values and actions.
final class BurnRateKernelTests: XCTestCase {
    /// Good/total and bad/total SLIs, a 28-day window (other factors), a low-traffic guard,
    /// a rule of the user's own with the literal on the left, all replayable rule by rule.
    static let slos = """
        slo checkout {
          service checkout
          objective 99%
          window 30d
          every 10m
          good = series("requests_total", slo: "checkout", code: "200")
          total = series("requests_total", slo: "checkout")
          alert multiwindow
        }
        slo search {
          objective 98%
          window 28d
          every 7m
          min_events 4000
          bad = series("requests_total", slo: "search", code: ~"5..")
          total = series("requests_total", slo: "search")
          alert multiwindow
        }
        rule "own" {
          every 5m
          when 3x < burn_rate(search, 2h) and (burn_rate(checkout, 30m) >= 2x or 1.5x <= burn_rate(checkout, 1h))
          for 20m
          then page("oncall", "burning")
        }
        """

    /// SLOs the kernel leaves to the ordinary code (one per label value; a maintenance
    /// window): with them in the file the replay goes tick by tick, kernels where they apply.
    static let others = """

        slo per_code {
          service checkout
          objective 99%
          every 10m
          by "slo"
          good = series("requests_total", code: "200")
          total = series("requests_total")
          alert multiwindow
        }
        slo maintained {
          service checkout
          objective 99%
          every 10m
          exclude daily @2026-01-01T02:00:00Z to @2026-01-01T03:00:00Z
          good = series("requests_total", slo: "checkout", code: "200")
          total = series("requests_total", slo: "checkout")
          alert multiwindow
        }
        """

    /// Two days of 1-minute counters per SLO: a low error ratio with random bursts (some
    /// fast, some slow), counter resets, stale markers and gaps longer than the short windows.
    static func store(seed: UInt64) throws -> SeriesStore {
        var g = IncrementalReplayTests.Generator(state: seed)
        var store = SeriesStore()
        for slo in ["checkout", "search"] {
            var good = Series(labels: Labels(name: "requests_total", ["slo": slo, "code": "200"]))
            var bad = Series(labels: Labels(name: "requests_total", ["slo": slo, "code": "503"]))
            var goodTotal = 0.0, badTotal = 0.0, burst = 0, ratio = 0.001
            var minute = 0
            while minute < 2 * 24 * 60 {
                minute += g.unit() < 0.01 ? g.int(6...40) : 1
                if burst == 0, g.unit() < 0.004 { burst = g.int(20...300); ratio = [0.01, 0.03, 0.08, 0.3][g.int(0...3)] }
                let requests = Double(g.int(50...120) * (slo == "search" ? 1 : 10))
                let errors = (requests * (burst > 0 ? ratio : 0.001)).rounded()
                burst = max(0, burst - 1)
                goodTotal = g.unit() < 0.002 ? 0 : goodTotal + requests - errors
                badTotal = g.unit() < 0.002 ? 0 : badTotal + errors
                let time = Timestamp(minute) * TimeUnit.minute
                try good.append(time, g.unit() < 0.005 ? StaleMarker.value : goodTotal)
                try bad.append(time, badTotal)
            }
            try store.add(good)
            try store.add(bad)
        }
        return store
    }

    enum Mode: Equatable { case interpreted, ticks, ruleByRule, concurrently }

    func replay(_ store: SeriesStore, _ mode: Mode, others: Bool = false, halves: Bool = false,
                every: Milliseconds? = nil) throws -> (records: [String], kernels: [String]) {
        let session = VigilSession(store: store)
        session.interpreter.options.kernels = mode != .interpreted
        let (program, diagnostics) = Parser.parse(SourceFile(path: "slo.vigil", text: Self.slos + (others ? Self.others : "")))
        XCTAssertTrue(diagnostics.isEmpty, diagnostics.map { $0.render() }.joined(separator: "\n"))
        try session.load(program)
        let rules = try session.compileRules()
        let runner = RuleRunner(session: session, rules: rules)
        runner.evaluatesDirectly = mode == .ruleByRule || mode == .concurrently
        runner.evaluatesConcurrently = mode == .concurrently
        let end = 2 * 24 * TimeUnit.hour
        let transitions = halves ? try runner.run(from: 0, through: end / 2, every: every) + runner.run(from: end / 2 + 1, through: end, every: every)
            : try runner.run(from: 0, through: end, every: every)
        let records = transitions.map { t in
            "\(t.time) \(t.rule) \(t.labels) \(t.from)→\(t.to) [\(t.observed)] \(t.actions.map { "\($0.name) \($0.arguments) \($0.idempotencyKey)" })"
        }
        return (records, rules.filter(\.hasBurnRateCondition).map(\.name))
    }

    func testTheBurnRateKernelsReportWhatTheOrdinaryCodeReports() throws {
        for seed: UInt64 in [3, 2026] {
            let store = try Self.store(seed: seed)
            let interpreted = try replay(store, .interpreted)
            XCTAssertEqual(interpreted.kernels, [], "kernels off: nothing compiles to a kernel")
            let records = interpreted.records
            for state in ["firing", "nodata"] {
                XCTAssertTrue(records.contains { $0.contains("→\(state)") }, "seed \(seed): the data must reach \(state)\n\(records.joined(separator: "\n"))")
            }
            XCTAssertTrue(records.contains { $0.contains(" page ") && $0.contains("→firing") }, "seed \(seed): a page fires")
            for (name, mode, halves) in [("tick by tick, kernels", Mode.ticks, false), ("rule by rule, one thread", .ruleByRule, false),
                                         ("rule by rule, every core", .concurrently, false), ("rule by rule in halves", .concurrently, true)] {
                let fast = try replay(store, mode, halves: halves)
                XCTAssertEqual(fast.kernels, ["own", "checkout page", "checkout ticket", "search page", "search ticket"], name)
                let expected = halves ? try replay(store, .interpreted, halves: true).records : records
                for (f, i) in zip(fast.records, expected) where f != i {
                    XCTFail("\(name), seed \(seed):\n \(name) \(f)\n interpreted \(i)")
                    break
                }
                XCTAssertEqual(fast.records.count, expected.count, "\(name), seed \(seed)")
            }
        }
    }

    /// Every 30 s for two days is 5,761 ticks a rule: a rule-by-rule job evaluates them in
    /// blocks (`BurnRateReplayJob.block`), its counters read on from one block into the next,
    /// and reports what the kernels report tick by tick.
    func testRuleByRuleJobsCarryTheirCountersAcrossBlocks() throws {
        let store = try Self.store(seed: 11)
        let ticks = try replay(store, .ticks, every: 30 * TimeUnit.second)
        XCTAssertTrue(ticks.records.contains { $0.contains(" page ") && $0.contains("→firing") }, ticks.records.joined(separator: "\n"))
        for halves in [false, true] {
            let expected = halves ? try replay(store, .ticks, halves: true, every: 30 * TimeUnit.second).records : ticks.records
            XCTAssertEqual(try replay(store, .concurrently, halves: halves, every: 30 * TimeUnit.second).records, expected, "halves: \(halves)")
        }
    }

    /// SLOs per label value or with maintenance windows keep the ordinary code; beside them
    /// the other SLOs' kernels still report the same.
    func testSLOsTheKernelLeavesAloneStillAgree() throws {
        let store = try Self.store(seed: 5)
        let interpreted = try replay(store, .interpreted, others: true)
        let fast = try replay(store, .concurrently, others: true)
        XCTAssertEqual(fast.kernels, ["own", "checkout page", "checkout ticket", "search page", "search ticket"])
        XCTAssertTrue(interpreted.records.contains { $0.contains("per_code page") }, interpreted.records.joined(separator: "\n"))
        XCTAssertEqual(fast.records, interpreted.records)
    }

    /// Rule by rule past the time limit is the limit, said as such: no silent fall back to
    /// the same replay tick by tick.
    func testTheRuleByRuleReplayStopsAtTheTimeLimitAndSaysSo() throws {
        let session = VigilSession(store: try Self.store(seed: 1))
        let (program, diagnostics) = Parser.parse(SourceFile(path: "slo.vigil", text: Self.slos))
        XCTAssertTrue(diagnostics.isEmpty, diagnostics.map { $0.render() }.joined(separator: "\n"))
        try session.load(program)
        let runner = RuleRunner(session: session, rules: try session.compileRules())
        runner.evaluatesDirectly = true
        session.interpreter.options.timeout = 0.001
        session.interpreter.beginRequest()
        Thread.sleep(forTimeInterval: 0.01)
        XCTAssertThrowsError(try runner.run(from: 0, through: 2 * 24 * TimeUnit.hour)) { error in
            let runtime = error as? RuntimeError
            XCTAssertEqual(runtime?.message, "time limit of 1ms exceeded replaying \(runner.rules.count) rules rule by rule "
                           + "from 1970-01-01T00:00:00Z to 1970-01-03T00:00:00Z (raise it with --timeout)")
            XCTAssertEqual(runtime?.diagnostic.render().hasPrefix("slo.vigil"), true, "\(error)")
        }
    }

    /// A global an SLO's name is shadowed by, or a window past the time span, is not a kernel.
    func testOnlyAnSLOHandleWithALiteralWindowIsAKernel() throws {
        let session = VigilSession(store: try Self.store(seed: 1))
        let (program, diagnostics) = Parser.parse(SourceFile(path: "shapes.vigil", text: Self.slos + """

            let factor = 2
            rule "variable" { when burn_rate(checkout, 1h) > factor }
            rule "arithmetic" { when burn_rate(checkout, 1h) * 2 > 1 }
            rule "by name" { when burn_rate(slo("checkout"), 1h) > 1 }
            rule "kernel" { when burn_rate(checkout, 1h) > 1 }
            """))
        XCTAssertTrue(diagnostics.isEmpty, diagnostics.map { $0.render() }.joined(separator: "\n"))
        try session.load(program)
        XCTAssertEqual(try session.compileRules().filter(\.hasBurnRateCondition).map(\.name),
                       ["own", "kernel", "checkout page", "checkout ticket", "search page", "search ticket"])
    }
}
