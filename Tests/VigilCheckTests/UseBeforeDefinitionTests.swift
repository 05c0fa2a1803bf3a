import VigilCheck
import VigilSyntax
import XCTest

/// Top-level statements run in order and a top-level `let` holds `none` until its line runs,
/// so using it earlier — directly or through a function the statement calls — is refused
/// rather than silently answered with `none`.
final class UseBeforeDefinitionTests: XCTestCase {
    private func hint(_ name: String) -> String { "move `let \(name) = …` above this line" }

    func testReadingALetBeforeItsLine() {
        let d = checkSource("print(x)\nlet x = 1\n")
        XCTAssertEqual(d.map { $0.render() }, ["""
        test.vigil:1:7: error: `x` is used before its definition on line 2
          |
        1 | print(x)
          |       ^
          = hint: move `let x = …` above this line
        """])
    }

    func testCallingAFunctionThatReadsALaterLet() {
        let d = checkSource("fn f() { return y }\nprint(f())\nlet y = 2\n")
        XCTAssertEqual(d.map { $0.render() }, ["""
        test.vigil:2:7: error: `f` reads `y` before `let y` on line 3 runs
          |
        2 | print(f())
          |       ^
          = hint: move `let y = …` above this line, or use `f` after it
        """])
    }

    func testTheChainThroughFunctionsAndStoredLambdasIsNamed() {
        let source = """
        fn f() = g()
        fn g() = y
        let h = f
        let k = fn() = h()
        print(k())
        let total = map([1, 2], fn(x) = x + y)
        let y = 2
        """
        XCTAssertEqual(summaries(checkSource(source)), [
            "5:7: `k` reads `y` (through k → h → f → g) before `let y` on line 7 runs | hint: move `let y = …` above this line, or use `k` after it",
            "6:37: `y` is used before its definition on line 7 | hint: \(hint("y"))",
        ])
    }

    func testRebindingBeforeTheLetAndReadingInItsOwnDefinition() {
        let source = """
        x = 3
        n += 1
        let x = 1
        let n = 0
        let z = z + 1
        """
        XCTAssertEqual(summaries(checkSource(source)), [
            "1:1: `x` is assigned before its definition on line 3 | hint: \(hint("x"))",
            "2:1: `n` is assigned before its definition on line 4 | hint: \(hint("n"))",
            "5:9: `z` is used in its own definition, before it has a value | hint: give `z` a first value that does not use it",
        ])
    }

    func testUsesAfterTheLetRunsAreFine() {
        let source = """
        fn before() { return y }
        let h = fn() = y + after()
        let stored = before
        let y = 2
        print(before(), h(), stored(), after())
        fn after() = y * 2
        if y > 1 { print(map([1], fn(v) = v + y)) }
        let a = 1
        let b = 2
        let t = a
        a = b
        b = t
        """
        XCTAssertEqual(summaries(checkSource(source)), [])
    }

    func testPoliciesRulesAndSignalsMayReadLaterLets() {
        let source = """
        policy "gate" { require rate_limit > 1 }
        when threshold > 5 then page("oncall", "high")
        service web { signal load = threshold * 2 }
        fn over() = threshold > 3
        policy "later" { require over() }
        let threshold = 10
        let rate_limit = 3
        """
        XCTAssertEqual(summaries(checkSource(source)), [])
    }
}
