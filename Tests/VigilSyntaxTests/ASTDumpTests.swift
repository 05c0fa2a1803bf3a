import XCTest
@testable import VigilSyntax

/// The dump compares trees: layout, parentheses and ranges vanish; values and styles stay.
final class ASTDumpTests: XCTestCase {
    private func dump(_ text: String) -> String { ASTDump.describe(TestSupport.parse(text).0) }

    func testLayoutAndRedundantParenthesesDoNotMatter() {
        XCTAssertEqual(dump("let a = (b + c) * 2  # note"), dump("let  a =\n  (b + c) * 2"))
        XCTAssertEqual(dump("let r = {a: 1}"), dump("let r = {\"a\": 1}"))
        XCTAssertEqual(dump("f((x))"), dump("f(x)"))
    }

    func testValuesStylesAndStructureDo() {
        XCTAssertNotEqual(dump("let a = 50%"), dump("let a = 0.5"))
        XCTAssertNotEqual(dump("let a = 512KiB"), dump("let a = 524_288B"))
        XCTAssertNotEqual(dump("let a = b + c * 2"), dump("let a = (b + c) * 2"))
        XCTAssertNotEqual(dump("f(a, by: b)"), dump("f(a, b)"))
    }

    func testExactShape() {
        XCTAssertEqual(dump("when x > 0.5% for 10m then rollback"),
                       "(rule _ shorthand (> x (q 0.005 number percent)) (for (q 600.0 duration plain)) (keep _) (every _) (then rollback) (resolve))")
        XCTAssertEqual(dump("policy \"g\" {\n  require a.b <= 5ms \"label\"\n}"),
                       "(policy \"g\" (require (<= (. a b) (q 0.005 duration plain)) \"label\"))")
        XCTAssertEqual(dump("let s = \"a\\\"{n}\""), "(let s (str \"a\\\"\" {n}))")
    }

    func testRunbookGuardrails() {
        XCTAssertEqual(dump("runbook \"r\" {\n  limit rollback to 3 per 1h\n  require approval for exec\n"
                            + "  require approval for actions above $100\n  limit $5 per month\n}"),
                       "(runbook \"r\" (limit rollback to (q 3.0 number plain) per (q 3600.0 duration plain)) "
                       + "(require-approval exec) (require-approval above (q 100.0 money plain)) "
                       + "(limit (q 5.0 money plain) per month))")
    }
}
