import VigilCheck
import VigilRuntime
import VigilSyntax
import XCTest

/// A builtin with one implementation per overload runs the one the checker left when it
/// left one, and otherwise chooses at run time among only those it left open, by the
/// checker's rule (`BuiltinBinding.admits`), saying the checker's words when none fits.
final class OverloadChoiceTests: XCTestCase {
    /// A value the checker would type as a series, standing in for a series selection.
    final class Selection: RuntimeObject {
        override var typeName: String { "series" }
        override var argumentType: StaticType { .series }
    }

    /// The core table declares `max` of a list, of two quantities, of a series over a
    /// window and across a vector, in that order; each implementation says which it is.
    private func run(_ source: String) throws -> String {
        let vm = Interpreter()
        let names = ["list", "pair", "over time", "across"]
        vm.register(Builtin("max", overloads: names.map { name in { _, _ in .string(name) } }))
        vm.defineGlobal("sel", .object(Selection()))
        var out: [String] = []
        vm.output = { out.append($0) }
        try vm.load(parse(source))
        try vm.run()
        return out.joined(separator: "\n")
    }

    func testACallTheCheckerResolvedToOneOverloadRunsItWithoutChoosing() throws {
        XCTAssertEqual(try run("print(max([3, 1]), max(2, 5))"), "list pair")
        // `x` could be anything, but `1` is no window: only the pair is open, so it runs even for a series.
        XCTAssertEqual(try run("fn f(x) = max(x, 1)\nprint(f(sel))"), "pair")
    }

    func testArgumentsOfUnknownTypeChooseAmongTheOpenOverloads() throws {
        XCTAssertEqual(try run("fn g(x, y) = max(x, y)\nprint(g(1, 2), g(sel, 5m), max(sel, 5m))"), "pair over time over time")
        // Named as a value, every overload is open.
        XCTAssertEqual(try run("let m = max\nprint(m([1]), m(1, 2), m(sel, 5m), m(sel))"), "list pair over time across")
    }

    func testWhenNoOpenOverloadFitsTheFirstOnesProblemIsTheCheckersWords() {
        XCTAssertThrowsError(try run("fn g(x, y) = max(x, y)\nprint(g(1, \"x\"))")) { error in
            XCTAssertEqual((error as? RuntimeError)?.message, "`max` expects a quantity for `b`, found a string")
        }
        let (program, _) = Parser.parse(SourceFile(path: "t.vigil", text: "print(max(1, \"x\"))\n"))
        let checked = Checker.check(program, imports: nil, options: CheckOptions(available: Set(Feature.allCases)))
        XCTAssertEqual(checked.diagnostics.first?.message, "`max` expects a quantity for `b`, found a string (\"x\")")
    }
}
