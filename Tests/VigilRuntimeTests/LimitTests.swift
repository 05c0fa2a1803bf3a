import VigilRuntime
import VigilSyntax
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

    // The interpreter does not run the checker, so these reach the runtime the way REPL input
    // and functions passed around as values do.
    func testCallDepthLimitStopsSelfCallingLambda() {
        let e = failure("let f = fn(x) = f(x + 1)\nprint(f(1))")
        XCTAssertEqual(e?.diagnostic.headline, "test.vigil:1:17: error: call depth exceeded: 1024 nested calls")
        XCTAssertEqual(e?.hint, "a function reaches itself, through a function value or a lambda; Vigil forbids recursion so every run terminates: rewrite it with `for` over a finite list, or with fold")
    }

    func testCallDepthLimitCoversFunctionValuesAndBuiltins() {
        for source in ["fn apply(h, x) = h(h, x + 1)\nprint(apply(apply, 1))",
                       "fn m(h, x) = map([x], fn(y) = h(h, y))\nprint(m(m, 1))",
                       "fn k(h, x, y = 1) = fold([x], 0, fn(acc, v) = h(h, v, y: acc))\nprint(k(k, 1))"] {
            XCTAssertEqual(failure(source)?.message, "call depth exceeded: 1024 nested calls", source)
        }
    }

    func testCallsThatUseMuchStackStopBeforeTheStackRunsOut() {
        var body = "h(h, x)"
        for _ in 0..<40 { body = "(1 + \(body))" }
        let e = failure("fn d(h, x) = \(body)\nprint(d(d, 1))")
        XCTAssertEqual(e?.message.hasPrefix("call depth exceeded: "), true, e?.message ?? "no error")
    }

    func testSessionRecoversAfterTheDepthLimit() throws {
        let vm = Interpreter()
        try vm.load(parse("let f = fn(x) = f(x + 1)\nlet g = fn(x) = x + 1"))
        try vm.run()
        let file = SourceFile(path: "<input>", text: "")
        for _ in 0..<2 {
            XCTAssertThrowsError(try vm.evaluate(expression: expression("f(1)"), in: file)) { error in
                XCTAssertEqual((error as? RuntimeError)?.message, "call depth exceeded: 1024 nested calls")
            }
        }
        XCTAssertEqual(try vm.evaluate(expression: expression("g(1)"), in: file).literal, "2")
    }

    private func expression(_ text: String) -> Expr {
        Parser.parse(SourceFile(path: "<input>", text: text)).0.loneExpression ?? Expr(.invalid, .none)
    }
}
