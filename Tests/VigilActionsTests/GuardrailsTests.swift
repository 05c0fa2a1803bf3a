import XCTest
import VigilActions

final class GuardrailsTests: XCTestCase {
    let hour: Int64 = 3_600_000

    func testARateLimitRefusesTheActionPastItsCountAndSaysWhy() {
        let g = Guardrails(limits: [.init(action: "rollback", count: 3, period: hour)])
        var history = GuardrailHistory()
        for minute in 0..<3 {
            let a = GuardedAction(name: "rollback", receiver: "api", time: Int64(minute) * 60_000)
            XCTAssertEqual(g.check(a, history: history), .allow)
            history.record(a)
        }
        let fourth = GuardedAction(name: "rollback", receiver: "api", time: 10 * 60_000)
        XCTAssertEqual(g.check(fourth, history: history),
                       .refuse(rule: "limit rollback to 3 per 1h",
                               reason: "3 rollback actions to api in the last 1h, the most allowed is 3"))
        // An hour after the first, one slot is free again.
        let later = GuardedAction(name: "rollback", receiver: "api", time: hour)
        XCTAssertEqual(g.check(later, history: history), .allow)
    }

    func testPageLimitsCountEachReceiverApart() {
        let g = Guardrails(limits: [.init(action: "page", count: 1, period: hour)])
        var history = GuardrailHistory()
        history.record(GuardedAction(name: "page", receiver: "api-oncall", time: 0))
        XCTAssertEqual(g.check(GuardedAction(name: "page", receiver: "db-oncall", time: 1000), history: history), .allow)
        if case .refuse(let rule, _) = g.check(GuardedAction(name: "page", receiver: "api-oncall", time: 1000), history: history) {
            XCTAssertEqual(rule, "limit page to 1 per 1h")
        } else {
            XCTFail("a second page to the same receiver within the hour must be refused")
        }
        // Other actions are not counted against the page limit.
        XCTAssertEqual(g.check(GuardedAction(name: "notify", receiver: "api-oncall", time: 1000), history: history), .allow)
    }

    func testTheGlobalLimitCountsEveryActionInTheLastMinute() {
        let g = Guardrails(maxActionsPerMinute: 2)
        var history = GuardrailHistory()
        history.record(GuardedAction(name: "page", receiver: "a", time: 0))
        history.record(GuardedAction(name: "notify", receiver: "b", time: 30_000))
        XCTAssertEqual(g.check(GuardedAction(name: "exec", receiver: "kubectl", time: 59_000), history: history),
                       .refuse(rule: "max_actions_per_minute 2", reason: "2 actions in the last minute, the most allowed is 2"))
        XCTAssertEqual(g.check(GuardedAction(name: "exec", receiver: "kubectl", time: 60_001), history: history), .allow)
    }

    func testApprovalIsNeededForNamedActionsAndCostlyOnes() {
        let g = Guardrails(approvalFor: ["exec"], approvalAbove: 100)
        let history = GuardrailHistory()
        XCTAssertEqual(g.check(GuardedAction(name: "exec", receiver: "kubectl", time: 0), history: history),
                       .needsApproval(rule: "require approval for exec"))
        XCTAssertEqual(g.check(GuardedAction(name: "page", receiver: "x", cost: 250, time: 0), history: history),
                       .needsApproval(rule: "require approval for actions above $100 (this one costs $250)"))
        XCTAssertEqual(g.check(GuardedAction(name: "page", receiver: "x", cost: 100, time: 0), history: history), .allow)
        XCTAssertEqual(g.check(GuardedAction(name: "page", receiver: "x", time: 0), history: history), .allow)
    }

    func testARateLimitIsNotLiftedByApproval() {
        let g = Guardrails(limits: [.init(action: "exec", count: 1, period: hour)], approvalFor: ["exec"])
        var history = GuardrailHistory()
        history.record(GuardedAction(name: "exec", receiver: "kubectl", time: 0))
        guard case .refuse = g.check(GuardedAction(name: "exec", receiver: "kubectl", time: 1), history: history) else {
            return XCTFail("a tripped limit must refuse before any approval is asked")
        }
    }
}
