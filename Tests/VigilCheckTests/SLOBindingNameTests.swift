import VigilCheck
import VigilLib
import VigilSyntax
import XCTest

/// An slo's `good`, `bad` and `total` are selectors compiled one by one, so the checker gives
/// none of them a name the others could read: it says so where the runtime would otherwise
/// meet an unknown name.
final class SLOBindingNameTests: XCTestCase {
    private func check(_ source: String) -> [Diagnostic] {
        let (program, _) = Parser.parse(SourceFile(path: "slo.vigil", text: source))
        return Checker.check(program, loader: nil, options: Engines.checkOptions()).diagnostics
    }

    func testABindingReadByAnotherIsRefusedWithWhatToWrite() {
        let diagnostics = check("""
            slo availability {
              objective 99.9%
              window 30d
              good = series("http_requests_total", code: "200")
              total = good
            }
            """)
        XCTAssertEqual(diagnostics.map(\.message), ["`good` is a binding of this slo, not a name its other bindings can read"])
        XCTAssertEqual(diagnostics.first?.render().contains("slo.vigil:5:11"), true, diagnostics.first?.render() ?? "")
    }

    func testAGlobalOfThatNameIsReadAsTheGlobal() {
        XCTAssertEqual(check("""
            let good = series("http_requests_total", code: "200")
            slo availability {
              objective 99.9%
              window 30d
              good = good
              total = series("http_requests_total")
            }
            """).map(\.message), [])
    }
}
