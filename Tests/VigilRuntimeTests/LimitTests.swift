import VigilRuntime
import XCTest

final class LimitTests: XCTestCase {
    func testStepBudgetCountsLoopIterations() {
        let e = failure("let t = 0\nfor i in range(2000) { t += 1 }", options: RunOptions(maxSteps: 1000))
        XCTAssertEqual(e?.message, "step budget of 1000 exceeded (raise it with --max-steps)")
        XCTAssertNil(failure("let t = 0\nfor i in range(900) { t += 1 }", options: RunOptions(maxSteps: 1000)))
    }

    func testStepBudgetCountsCalls() {
        let e = failure("fn f(x) = x\nfor x in [1, 2, 3, 4, 5, 6] { f(x)\nf(x) }", options: RunOptions(maxSteps: 10))
        XCTAssertEqual(e?.message, "step budget of 10 exceeded (raise it with --max-steps)")
    }

    func testTimeLimit() {
        let e = failure("let t = 0\nfor i in range(1e15) { t += 1 }", options: RunOptions(timeout: 0.05))
        XCTAssertEqual(e?.message, "time limit of 50ms exceeded (raise it with --timeout)")
    }
}
