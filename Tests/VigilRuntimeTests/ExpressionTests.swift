import VigilRuntime
import XCTest

final class ExpressionTests: XCTestCase {
    func testLiteralDisplay() throws {
        XCTAssertEqual(try eval("2"), "2")
        XCTAssertEqual(try eval("0.5%"), "0.5%")
        XCTAssertEqual(try eval("1h + 30m"), "1h30m")
        XCTAssertEqual(try eval("$1_800.50"), "$1800.50")
        XCTAssertEqual(try eval("[1, 2]"), "[1, 2]")
        XCTAssertEqual(try eval("{a: 1, b: \"x\"}"), "{a: 1, b: \"x\"}")
        XCTAssertEqual(try eval("0.1 + 0.2"), "0.3")
    }

    func testPrintShowsStringsRawAndValuesLiterally() throws {
        XCTAssertEqual(try runProgram("print(\"a\", 1h30m, [\"b\"], none)"), "a 1h30m [\"b\"] none")
    }

    func testStringInterpolation() throws {
        XCTAssertEqual(try runProgram("let n = 3\nprint(\"n={n} d={n * 1m} s={\"x\"}\")"), "n=3 d=3m s=x")
    }

    func testMemberAndIndex() throws {
        XCTAssertEqual(try eval("{a: {b: 7}}.a.b"), "7")
        XCTAssertEqual(try eval("[10, 20, 30][-1]"), "30")
        XCTAssertEqual(try eval("[10, 20, 30][1]"), "20")
        XCTAssertEqual(try eval("{a: 1}[\"a\"]"), "1")
    }

    func testMemberCacheHandlesDifferentShapes() throws {
        let src = "let rs = [{a: 1, b: 2}, {b: 3, a: 4}, {a: 5, b: 6}]\nprint(map(rs, fn(r) = r.b))"
        XCTAssertEqual(try runProgram(src), "[2, 3, 6]")
    }

    func testRecordKeepsItsFieldsInOrder() throws {
        let src = "let r = {b: 1, a: [2], c: \"x\"}\nprint(len(r), keys(r), r.a, r[\"c\"], r == {b: 1, a: [2], c: \"x\"}, r)"
        XCTAssertEqual(try runProgram(src), "3 [\"b\", \"a\", \"c\"] [2] x true {b: 1, a: [2], c: \"x\"}")
    }

    func testRecordFieldThatFailsStopsTheRecord() {
        // The fields made before the failing one are released with the half-made record.
        let e = failure("let xs = [1, 2]\nprint({a: [3], b: xs[5], c: 1})")
        XCTAssertEqual(e?.message, "index 5 is out of range for a list of 2 items")
    }

    func testIndexOutOfRange() {
        XCTAssertEqual(failure("print([1, 2][2])")?.message, "index 2 is out of range for a list of 2 items")
        XCTAssertEqual(failure("print([1, 2][0.5])")?.message, "a list index must be a whole number, found 0.5")
    }

    func testMissingField() {
        let e = failure("let r = {weight: 1}\nprint(r.wieght)")
        XCTAssertEqual(e?.message, "the record has no field `wieght`")
        XCTAssertEqual(e?.hint, "did you mean `weight`?")
    }

    func testArithmeticAndPrecedence() throws {
        XCTAssertEqual(try eval("1 + 2 * 3 - -4"), "11")
        XCTAssertEqual(try eval("-7 mod 3"), "2")
        XCTAssertEqual(try eval("7.5 mod 2"), "1.5")
        XCTAssertEqual(try eval("\"a\" + \"b\""), "\"ab\"")
        XCTAssertEqual(try eval("[1] + [2]"), "[1, 2]")
    }

    func testComparisons() throws {
        XCTAssertEqual(try eval("1 < 2 and 2 <= 2 and 3 > 2 and 3 >= 3 and 1 == 1 and 1 != 2"), "true")
        XCTAssertEqual(try eval("\"a\" < \"b\""), "true")
        XCTAssertEqual(try eval("[1, {a: 2}] == [1, {a: 2}]"), "true")
        XCTAssertEqual(try eval("none == none"), "true")
    }

    /// LANGUAGE §2: a computed zero divisor is nodata (never true), not an error or infinity.
    func testDivisionByZeroIsNodata() throws {
        XCTAssertEqual(try runProgram("let z = 0\nprint(1 / z, 1 mod z, 1 / z > 0, 1 / z > 0 or true, 5ms / z)"),
                       "nodata nodata nodata true nodata")
        XCTAssertEqual(try runProgram("let z = 0\nlet half = 0.5\nprint(1 / half, 7 mod z + 1)"), "2 nodata")
    }

    func testRuntimeErrorRendersWithLocation() {
        let e = failure("let z = \"0\"\nprint(10 / z)")
        XCTAssertEqual(e?.diagnostic.headline, "test.vigil:2:7: error: cannot divide a number (10) by a string")
    }

    func testTypeErrors() {
        XCTAssertEqual(failure("print(1 + \"a\")")?.message, "cannot add a string to a number (1)")
        XCTAssertEqual(failure("if 1 { print(1) }")?.message, "an `if` condition must be a bool, found a number (1)")
        XCTAssertEqual(failure("let x = 3\nprint(x(1))")?.message, "cannot call a number (3)")
    }
}
