import XCTest

/// `baseline` at the REPL reads the signal's own trailing values, as everywhere outside a canary.
final class BaselineCommandLineTests: XCTestCase {
    func testTheReplComputesBaselinesLikeEveryOtherContext() throws {
        let input = """
            checkout.errors_per_second > baseline * 2
            baseline(checkout.errors_per_second, window: 30m, method: "median")
            baseline(checkout.errors_per_second, window: 30m, method: "ewma")
            baseline

            """
        let r = try VigilBinary.run(["repl", "examples/replay-checkout.vigil", "--data", "examples/data/replay-checkout.csv",
                                     "--at", "2025-01-15T14:30:00Z"], stdin: input)
        XCTAssertEqual(r.stdout, """
            code  service   value
            500   checkout  true
            code  service   value
            500   checkout  0.2
            code  service   value
            500   checkout  1.08292

            """)
        // Unchecked at the REPL, yet refused in the checker's words.
        XCTAssertEqual(r.stderr, """
            <input 4>:1:1: error: `baseline` cannot stand here
              |
            1 | baseline
              | ^^^^^^^^
              = hint: use it as an operand of a comparison with a signal, as in `error_rate > baseline + 0.5%`, \
            or call it explicitly: baseline(error_rate, window: 7d, method: "median")

            """)
    }
}
