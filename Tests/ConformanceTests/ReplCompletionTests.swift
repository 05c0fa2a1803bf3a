import XCTest
import VigilLib
@testable import vigil

/// What Tab offers at the REPL prompt: the session's own names, then the table's builtins.
final class ReplCompletionTests: XCTestCase {
    func testCompletionsOfferOwnNamesThenBuiltins() {
        let repl = ReplSession(session: VigilSession())
        XCTAssertTrue(repl.evaluate("let rollout_step = 2\nfn rounded(x) = round(x)"))
        XCTAssertEqual(repl.completions(of: "ro"), ["rollout_step", "rounded", "rollback", "root_cause", "round", "routes_to_candidate"])
        XCTAssertEqual(repl.completions(of: "jo"), ["join"])
        XCTAssertEqual(repl.completions(of: "slo"), ["slo"])
        XCTAssertEqual(repl.completions(of: "month"), ["month_to_date"])
    }
}
