import XCTest
import VigilCheck
@testable import VigilLib
@testable import VigilRuntime
import VigilSyntax

/// A file the command checked is compiled by that check: evaluating its expressions, or
/// exporting its SLOs, does not check it a second time.
final class CheckedOnceTests: XCTestCase {
    static let sumOfList = "sum(xs: list) -> any"
    static let sumAcross = "sum(v: vector|series; by: string?) -> vector"

    /// An expression of a checked program compiles by that program's check: evaluating it
    /// does not check it again (a check of the lone expression would not know `xs` is a
    /// list, and would leave both one-argument overloads of `sum` open).
    func testAnExpressionOfACheckedFileIsNotCheckedAgain() throws {
        let file = SourceFile(path: "checked.vigil", text: "let xs = [1, 2]\nlet total = sum(xs)\n")
        let (program, _) = Parser.parse(file)
        let checked = Checker.check(program, loader: nil, options: Engines.checkOptions())
        let s = VigilSession()
        try s.load(program, checked: checked.resolutions)
        try s.interpreter.run()
        guard case .statement(let stmt) = program.decls[1].kind, case .let(_, _, let sumOfXs) = stmt.kind else {
            return XCTFail("the second declaration is `let total = sum(xs)`")
        }
        XCTAssertEqual(try s.interpreter.evaluate(expression: sumOfXs, in: file).literal, "3")
        let sum = SourceRange(28, 31)
        XCTAssertEqual(s.interpreter.resolutions["checked.vigil", "sum", at: sum], .builtin("sum", overloads: [Self.sumOfList]))

        // A line of its own is checked here, against the session's globals.
        let line = SourceFile(path: "<input 2>", text: "sum(xs)")
        let expression = try XCTUnwrap(Parser.parse(line).0.loneExpression)
        XCTAssertEqual(try s.interpreter.evaluate(expression: expression, in: line).literal, "3")
        XCTAssertEqual(s.interpreter.resolutions["<input 2>", "sum", at: SourceRange(0, 3)],
                       .builtin("sum", overloads: [Self.sumOfList, Self.sumAcross]))
    }

    /// `vigil export prometheus` hands its check to the export: the rules are those of the
    /// program checked here or not.
    func testTheExportCompilesTheCommandsCheck() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("Fixtures/slo-export/endpoints.vigil").path
        let file = SourceFile(path: path, text: try String(contentsOfFile: path, encoding: .utf8))
        let (program, _) = Parser.parse(file)
        let checked = Checker.check(program, loader: nil, options: Engines.checkOptions())
        XCTAssertFalse(checked.hasErrors, checked.diagnostics.first?.render() ?? "")
        let rules = try SLOPrometheusExport.rules(program, resolver: nil, checked: checked.resolutions)
        XCTAssertTrue(rules.contains("slo:sli_error:ratio_rate5m"), rules)
        XCTAssertEqual(rules, try SLOPrometheusExport.rules(program, resolver: nil, checked: nil))
    }
}
