import VigilRuntime
import XCTest

/// `nodata` is contagious through arithmetic; comparisons with it are unknown; logic is Kleene.
final class NodataTests: XCTestCase {
    /// A program where `nd` is nodata (the average of no samples).
    func check(_ expression: String, _ expected: String, line: UInt = #line) {
        XCTAssertEqual(try runProgram("let nd = avg([])\nprint(\(expression))"), expected, expression, line: line)
    }

    func testArithmeticAndComparisons() {
        check("nd", "nodata")
        check("nd + 1", "nodata")
        check("2 * nd", "nodata")
        check("nd > 1", "nodata")
        check("nd == nd", "nodata")
        check("-nd", "nodata")
    }

    func testKleeneTables() {
        check("[true and nd, false and nd, nd and nd, nd and true, nd and false]", "[nodata, false, nodata, nodata, false]")
        check("[true or nd, false or nd, nd or nd, nd or true, nd or false]", "[true, nodata, nodata, true, nodata]")
        check("[not nd, not true, not false]", "[nodata, false, true]")
    }

    func testOnlyTrueTakesTheIfBranch() {
        XCTAssertEqual(try runProgram("let nd = avg([])\nif nd > 1 { print(\"then\") } else { print(\"else\") }"), "else")
    }

    func testAnyAllFilter() {
        check("any([1, 2], fn(x) = x > nd)", "nodata")
        check("any([1, 2], fn(x) = x > 1)", "true")
        check("all([1, 2], fn(x) = x > nd)", "nodata")
        check("all([1, 2], fn(x) = x > 1)", "false")
        check("filter([1, 2], fn(x) = x > nd)", "[]")
    }
}
