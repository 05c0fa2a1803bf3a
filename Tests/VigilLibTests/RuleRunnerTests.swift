import XCTest
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

/// Rules at run time: compilation, per-label-set state, recorded actions, observed values.
final class RuleRunnerTests: XCTestCase {
    func loaded(_ source: String, _ data: [(Labels, String)]) throws -> VigilSession {
        var store = SeriesStore()
        for (labels, notation) in data { try store.add(try SeriesNotation(notation).series(labels: labels)) }
        let session = VigilSession(store: store)
        let (program, diagnostics) = Parser.parse(SourceFile(path: "r.vigil", text: source))
        XCTAssertTrue(diagnostics.isEmpty, diagnostics.map { $0.render() }.joined(separator: "\n"))
        try session.load(program)
        return session
    }

    func testEachLabelSetHasItsOwnStateAndActionsAreRecordedOnceWithTheirValues() throws {
        let session = try loaded("""
            rule "hot" {
              every 1m
              when series("cpu") > 90% for 2m
              then page("oncall", "hot", severity: P1)
              resolve notify("#ops", "cool")
            }
            """, [(Labels(name: "cpu", ["host": "a"]), "0.95x5 0.5x3"), (Labels(name: "cpu", ["host": "b"]), "0.5x8")])
        let runner = RuleRunner(session: session, rules: try session.compileRules())
        let transitions = try runner.run(from: 0, through: 8 * 60_000)
        XCTAssertEqual(transitions.map { "\($0.labels) \($0.from)→\($0.to)@\($0.time / 60_000)m" },
                       [#"{host="a"} inactive→pending@0m"#, #"{host="a"} pending→firing@2m"#, #"{host="a"} firing→inactive@6m"#])
        XCTAssertEqual(transitions[1].observed, #"series("cpu") = 0.95 > 90%"#)
        XCTAssertEqual(transitions[2].observed, #"series("cpu") = 0.5 <= 90%"#)
        let actions = session.actionLog.actions
        XCTAssertEqual(actions.map(\.call), [#"page("oncall", "hot", severity: P1)"#, ##"notify("#ops", "cool")"##])
        XCTAssertEqual(actions[0].idempotencyKey, #"hot|{host="a"}|fired|120000|0"#)
        XCTAssertEqual(transitions[1].actions, [actions[0]])
    }

    func testRulesInAServiceSeeSignalsBareAndABareActionActsOnTheService() throws {
        let session = try loaded("""
            service checkout {
              signal errors = rate(series("errors_total"), 5m)
              when errors > 1 then rollback
            }
            """, [(Labels(name: "errors_total"), "0+120x10")])
        let rules = try session.compileRules()
        XCTAssertEqual(rules.map(\.name), ["checkout: errors > 1"])
        try RuleRunner(session: session, rules: rules).run(from: 0, through: 5 * 60_000, every: 60_000)
        XCTAssertEqual(session.actionLog.actions.map(\.call), [#"rollback("checkout")"#])
    }

    func testMissingDataHoldsAFiringRuleAsNodata() throws {
        let session = try loaded("rule \"up\" {\n  every 1m\n  when series(\"q\") > 10\n}", [(Labels(name: "q"), "50x2")])
        var states: [String] = []
        try RuleRunner(session: session, rules: try session.compileRules()).run(from: 0, through: 9 * 60_000) { states.append($0.state.rawValue) }
        // Samples at 0–2m; the last stays visible for the 5m lookback, through 7m.
        XCTAssertEqual(states, ["firing", "firing", "firing", "firing", "firing", "firing", "firing", "firing", "nodata", "nodata"])
    }

    /// A label set that vanishes shows no data for itself, never the value of the one left.
    func testAVanishedLabelSetShowsNoDataNotAnotherLabelSetsValue() throws {
        let session = try loaded("rule \"up\" {\n  every 1m\n  when series(\"q\") > 10\n}",
                                 [(Labels(name: "q", ["host": "a"]), "50x2"), (Labels(name: "q", ["host": "b"]), "70x10")])
        let transitions = try RuleRunner(session: session, rules: try session.compileRules()).run(from: 0, through: 9 * 60_000)
        let vanished = transitions.filter { $0.to == .nodata }
        XCTAssertEqual(vanished.map { "\($0.labels)@\($0.time / 60_000)m" }, [#"{host="a"}@8m"#])
        XCTAssertEqual(vanished.first?.observed, #"series("q") = no data > 10"#)
    }

    func testTimingMustBeAConstantDuration() throws {
        let session = try loaded("let d = 5m\nwhen series(\"q\") > 1 for d then page(\"x\")", [])
        XCTAssertThrowsError(try session.compileRules()) { error in
            let e = error as? RuntimeError
            XCTAssertEqual(e?.message, "`for` needs a constant duration such as 5m")
            XCTAssertEqual(e.map { $0.file.slice($0.range) }, "d")
        }
    }

    func testAnActionOutsideARuleIsALocatedError() throws {
        let session = try loaded(#"page("oncall")"#, [])
        XCTAssertThrowsError(try session.interpreter.run()) { error in
            XCTAssertTrue((error as? RuntimeError)?.message.contains("can only run as a rule's") ?? false, "\(error)")
        }
    }

    func testATestReportsExpectedAndActualStateWithObservedValues() throws {
        let source = """
            rule "full" {
              every 1m
              when series("disk") > 90% for 5m
              then page("infra")
            }
            test "fires early" {
              series("disk", mount: "/") = "0.95x10"
              at 3m expect firing "full"
              at 6m expect firing "full"
              expect action page("infra") at 5m
              expect action page("other")
            }
            test "bad data" {
              series("disk") = "1 2 x"
            }
            """
        let (program, _) = Parser.parse(SourceFile(path: "t.vigil", text: source))
        let runner = RuleTestRunner(program: program, resolver: nil)
        XCTAssertEqual(runner.tests.count, 2)
        let outcome = try runner.run(runner.tests[0])
        XCTAssertEqual(outcome.failures, [
            #"at 3m: expected firing "full", got pending ({mount="/"}: series("disk") = 0.95 > 90%)"#,
            #"expected action page("other"), recorded: page("infra") at 5m"#,
        ])
        XCTAssertThrowsError(try runner.run(runner.tests[1])) { error in
            XCTAssertEqual((error as? RuntimeError)?.message, #"bad series notation at column 5: unexpected "x": expected a number, "_" or "stale""#)
        }
    }
}
