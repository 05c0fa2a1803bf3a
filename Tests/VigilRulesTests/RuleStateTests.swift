import VigilSeries
import XCTest
@testable import VigilRules

/// One rule's state across its label sets, as rules, `vigil test` and canaries report it.
final class RuleStateTests: XCTestCase {
    func testFiringOutranksPendingWhichOutranksNodataWhichOutranksInactive() {
        XCTAssertEqual(RuleState(combining: [.inactive, .pending, .nodata, .firing]), .firing)
        XCTAssertEqual(RuleState(combining: [.pending, .nodata, .inactive]), .pending)
        XCTAssertEqual(RuleState(combining: [.nodata, .inactive]), .nodata)
        XCTAssertEqual(RuleState(combining: [.inactive, .pending]), .pending)
        XCTAssertEqual(RuleState(combining: [.inactive]), .inactive)
        XCTAssertEqual(RuleState(combining: []), .inactive, "a rule that tracks no label set is inactive")
    }

    func testAnEvaluationCombinesReportedStatesSoAHeldFiringLabelSetWithoutDataIsNodata() {
        let a = Labels(["region": "a"]), b = Labels(["region": "b"])
        var rule = RuleStateMachine(for: 0)
        XCTAssertEqual(rule.evaluate(at: 0, conditions: [a: true, b: false]).state, .firing)
        let missing = rule.evaluate(at: 1, conditions: [b: false])
        XCTAssertEqual(missing.status(of: a)?.state, .firing, "the held state")
        XCTAssertEqual(missing.state, .nodata, "what the rule reports")
        var slow = RuleStateMachine(for: 10)
        XCTAssertEqual(slow.evaluate(at: 0, conditions: [a: true, b: nil]).state, .pending, "an alert on its way shows before missing data")
        XCTAssertEqual(slow.evaluate(at: 1, conditions: [a: false, b: nil]).state, .nodata)
        XCTAssertEqual(slow.evaluate(at: 2, conditions: [a: true, b: false]).state, .pending)
    }
}
