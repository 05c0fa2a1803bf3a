import XCTest
import VigilSeries
@testable import VigilRules

let s: Timestamp = 1000
let m: Timestamp = 60_000

final class RuleStateMachineTests: XCTestCase {
    let one = Labels()

    func kinds(_ evaluation: RuleEvaluation) -> [Transition.Kind] { evaluation.transitions.map(\.kind) }

    func testForZeroFiresOnFirstTrueEvaluation() {
        var rule = RuleStateMachine()
        let evaluation = rule.evaluate(at: 0, condition: true)
        XCTAssertEqual(evaluation.transitions, [Transition(labels: one, from: .inactive, to: .firing, time: 0)])
        XCTAssertEqual(kinds(evaluation), [.fired])
        XCTAssertEqual(rule.status(of: one)?.state, .firing)
        XCTAssertEqual(rule.status(of: one)?.firedAt, 0)
        // Staying true changes nothing: `then` runs once.
        XCTAssertEqual(rule.evaluate(at: 30 * s, condition: true).transitions, [])
    }

    func testForIsInclusive() {
        var rule = RuleStateMachine(for: 2 * m)
        XCTAssertEqual(kinds(rule.evaluate(at: 0, condition: true)), [.activated])
        for time in [30 * s, 60 * s, 90 * s] {
            XCTAssertEqual(rule.evaluate(at: time, condition: true).transitions, [])
            XCTAssertEqual(rule.status(of: one)?.state, .pending)
        }
        // Exactly 2m after the first true evaluation: now − activeSince >= for.
        let fired = rule.evaluate(at: 120 * s, condition: true)
        XCTAssertEqual(fired.transitions, [Transition(labels: one, from: .pending, to: .firing, time: 120 * s)])
        XCTAssertEqual(rule.status(of: one)?.activeSince, 0)
    }

    func testPendingThatTurnsFalseStartsOver() {
        var rule = RuleStateMachine(for: 2 * m)
        _ = rule.evaluate(at: 0, condition: true)
        _ = rule.evaluate(at: 30 * s, condition: true)
        let cancelled = rule.evaluate(at: 60 * s, condition: false)
        XCTAssertEqual(cancelled.transitions, [Transition(labels: one, from: .pending, to: .inactive, time: 60 * s)])
        XCTAssertEqual(kinds(cancelled), [.cancelled])
        XCTAssertNil(rule.status(of: one))
        _ = rule.evaluate(at: 90 * s, condition: true)
        XCTAssertEqual(rule.status(of: one)?.activeSince, 90 * s)
        XCTAssertEqual(rule.evaluate(at: 120 * s, condition: true).transitions, [])
        XCTAssertEqual(kinds(rule.evaluate(at: 210 * s, condition: true)), [.fired])
    }

    func testFiringThatTurnsFalseResolvesOnceThenStartsOver() {
        var rule = RuleStateMachine(for: 30 * s)
        _ = rule.evaluate(at: 0, condition: true)
        XCTAssertEqual(kinds(rule.evaluate(at: 30 * s, condition: true)), [.fired])
        let resolved = rule.evaluate(at: 60 * s, condition: false)
        XCTAssertEqual(resolved.transitions, [Transition(labels: one, from: .firing, to: .inactive, time: 60 * s)])
        XCTAssertEqual(kinds(resolved), [.resolved])
        XCTAssertEqual(rule.evaluate(at: 90 * s, condition: false).transitions, [])
        // True again: a new activation, `for` counted afresh.
        XCTAssertEqual(kinds(rule.evaluate(at: 120 * s, condition: true)), [.activated])
        XCTAssertEqual(kinds(rule.evaluate(at: 150 * s, condition: true)), [.fired])
    }

    func testKeepFiringForHoldsWhileFalseForLessThanIt() {
        var rule = RuleStateMachine(keepFiringFor: 1 * m)
        XCTAssertEqual(kinds(rule.evaluate(at: 0, condition: true)), [.fired])
        // False from 30 s: kept firing at 30 s (0 s false) and 60 s (30 s false) …
        XCTAssertEqual(rule.evaluate(at: 30 * s, condition: false).transitions, [])
        XCTAssertEqual(rule.status(of: one)?.keepFiringSince, 30 * s)
        XCTAssertEqual(rule.evaluate(at: 60 * s, condition: false).transitions, [])
        XCTAssertEqual(rule.status(of: one)?.state, .firing)
        // … and resolved at 90 s, false for exactly 1m (not less than keep_firing_for).
        XCTAssertEqual(kinds(rule.evaluate(at: 90 * s, condition: false)), [.resolved])
    }

    func testKeepFiringClockResetsWhenTrueAgain() {
        var rule = RuleStateMachine(keepFiringFor: 1 * m)
        _ = rule.evaluate(at: 0, condition: true)
        _ = rule.evaluate(at: 30 * s, condition: false)
        _ = rule.evaluate(at: 60 * s, condition: true)
        XCTAssertNil(rule.status(of: one)?.keepFiringSince)
        XCTAssertEqual(rule.evaluate(at: 90 * s, condition: false).transitions, [])
        XCTAssertEqual(rule.evaluate(at: 120 * s, condition: false).transitions, [])
        XCTAssertEqual(kinds(rule.evaluate(at: 150 * s, condition: false)), [.resolved])
    }

    func testKeepFiringDoesNotHoldAPendingRule() {
        var rule = RuleStateMachine(for: 1 * m, keepFiringFor: 5 * m)
        _ = rule.evaluate(at: 0, condition: true)
        XCTAssertEqual(kinds(rule.evaluate(at: 30 * s, condition: false)), [.cancelled])
    }

    func testNoDataHoldsFiringInsteadOfResolving() {
        var rule = RuleStateMachine()
        _ = rule.evaluate(at: 0, condition: true)
        let noData = rule.evaluate(at: 30 * s, condition: nil)
        XCTAssertEqual(noData.transitions, [])
        XCTAssertEqual(noData.noData, [one])
        XCTAssertEqual(noData.status(of: one)?.state, .firing)
        XCTAssertEqual(noData.status(of: one)?.reportedState, .nodata)
        // Data back and still true: no second `then`.
        let back = rule.evaluate(at: 60 * s, condition: true)
        XCTAssertEqual(back.transitions, [])
        XCTAssertEqual(back.noData, [])
        XCTAssertEqual(back.status(of: one)?.reportedState, .firing)
    }

    func testVanishedSeriesHoldsStateWherePrometheusWouldResolve() {
        let a = Labels(["instance": "a"])
        let b = Labels(["instance": "b"])
        var rule = RuleStateMachine()
        _ = rule.evaluate(at: 0, conditions: [a: true, b: true])
        // b's series vanished: Prometheus would resolve it; Vigil holds it and says nodata.
        let evaluation = rule.evaluate(at: 30 * s, conditions: [a: false])
        XCTAssertEqual(evaluation.transitions, [Transition(labels: a, from: .firing, to: .inactive, time: 30 * s)])
        XCTAssertEqual(evaluation.noData, [b])
        XCTAssertEqual(evaluation.status(of: b)?.state, .firing)
        XCTAssertNil(evaluation.status(of: a))
        // When b reports false it resolves normally.
        let resolved = rule.evaluate(at: 60 * s, conditions: [b: false])
        XCTAssertEqual(kinds(resolved), [.resolved])
        XCTAssertTrue(resolved.statuses.isEmpty)
    }

    func testNoDataHoldsPendingWithoutAdvancingIt() {
        var rule = RuleStateMachine(for: 1 * m)
        _ = rule.evaluate(at: 0, condition: true)
        // Nodata never fires, however long it lasts …
        XCTAssertEqual(rule.evaluate(at: 90 * s, condition: nil).transitions, [])
        XCTAssertEqual(rule.status(of: one)?.state, .pending)
        XCTAssertEqual(rule.status(of: one)?.activeSince, 0)
        // … but the pending rule was not reset: the next true evaluation fires.
        XCTAssertEqual(kinds(rule.evaluate(at: 120 * s, condition: true)), [.fired])
    }

    func testNoDataOnAnInactiveRuleIsReportedNotFired() {
        var rule = RuleStateMachine()
        let evaluation = rule.evaluate(at: 0, condition: nil)
        XCTAssertEqual(evaluation.transitions, [])
        XCTAssertEqual(evaluation.status(of: one)?.reportedState, .nodata)
        XCTAssertEqual(evaluation.status(of: one)?.state, .inactive)
        _ = rule.evaluate(at: 30 * s, condition: false)
        XCTAssertNil(rule.status(of: one))
    }

    func testKeepFiringClockIsNotAdvancedByNoDataButTimeStillCounts() {
        var rule = RuleStateMachine(keepFiringFor: 1 * m)
        _ = rule.evaluate(at: 0, condition: true)
        _ = rule.evaluate(at: 30 * s, condition: false)
        _ = rule.evaluate(at: 60 * s, condition: nil)
        XCTAssertEqual(rule.status(of: one)?.keepFiringSince, 30 * s)
        // False again at 120 s: false since 30 s, 90 s ≥ 1m, so it resolves.
        XCTAssertEqual(kinds(rule.evaluate(at: 120 * s, condition: false)), [.resolved])
    }

    /// A quiet tick passes without an evaluation only when nothing is tracked; a pending rule
    /// is left as it was (it must be evaluated), and a rule passed by is as a false one.
    func testAQuietTickPassesOnlyWhenNothingIsTracked() {
        var rule = RuleStateMachine(for: 1 * m)
        XCTAssertTrue(rule.passesQuietly(at: 0))
        XCTAssertEqual(kinds(rule.evaluate(at: 30 * s, condition: true)), [.activated])
        XCTAssertFalse(rule.passesQuietly(at: 60 * s))
        XCTAssertEqual(rule.status(of: one)?.state, .pending)
        // The pending rule turns false the ordinary way, and is forgotten.
        XCTAssertEqual(rule.evaluate(at: 60 * s, condition: false).transitions,
                       [Transition(labels: one, from: .pending, to: .inactive, time: 60 * s)])
        XCTAssertTrue(rule.passesQuietly(at: 90 * s))
        XCTAssertNil(rule.status(of: one))
        // True again: it starts over from now, as after a false evaluation.
        XCTAssertEqual(kinds(rule.evaluate(at: 120 * s, condition: true)), [.activated])
        XCTAssertEqual(rule.status(of: one)?.activeSince, 120 * s)
    }

    func testLabelSetsAreIndependent() {
        let a = Labels(["service": "a"])
        let b = Labels(["service": "b"])
        var rule = RuleStateMachine(for: 30 * s)
        XCTAssertEqual(rule.evaluate(at: 0, conditions: [a: true, b: false]).transitions.map(\.labels), [a])
        let second = rule.evaluate(at: 30 * s, conditions: [a: true, b: true])
        XCTAssertEqual(second.transitions.map(\.kind), [.fired, .activated])
        XCTAssertEqual(second.statuses.map(\.state), [.firing, .pending])
    }
}
