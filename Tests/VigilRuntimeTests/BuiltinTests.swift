import Foundation
import VigilRuntime
import XCTest

final class BuiltinTests: XCTestCase {
    func testCollections() throws {
        XCTAssertEqual(try eval("len([1, 2, 3])"), "3")
        XCTAssertEqual(try eval("len(\"héllo\")"), "5")
        XCTAssertEqual(try eval("len({a: 1})"), "1")
        XCTAssertEqual(try eval("range(3)"), "[0, 1, 2]")
        XCTAssertEqual(try eval("range(1, 3)"), "[1, 2]")
        XCTAssertEqual(try eval("map([1, 2], fn(x) = x + 1)"), "[2, 3]")
        XCTAssertEqual(try eval("filter(range(6), fn(x) = x mod 2 == 0)"), "[0, 2, 4]")
        XCTAssertEqual(try eval("fold([1, 2, 3], 10, fn(acc, x) = acc + x)"), "16")
        XCTAssertEqual(try eval("sort([3, 1, 2])"), "[1, 2, 3]")
        XCTAssertEqual(try eval("sort([{n: 2}, {n: 1}], by: fn(r) = r.n)"), "[{n: 1}, {n: 2}]")
        XCTAssertEqual(try eval("reverse([1, 2])"), "[2, 1]")
        XCTAssertEqual(try eval("contains([1, 2], 2)"), "true")
        XCTAssertEqual(try eval("contains(\"checkout\", \"out\")"), "true")
        XCTAssertEqual(try eval("keys({b: 1, a: 2})"), "[\"b\", \"a\"]")
        XCTAssertEqual(try eval("count([1, 2])"), "2")
        XCTAssertEqual(try eval("sum([])"), "0")
        XCTAssertEqual(try eval("avg([])"), "nodata")
        XCTAssertEqual(try eval("max([])"), "nodata")
    }

    func testStrings() throws {
        XCTAssertEqual(try eval("join([\"a\", 1, 2s], \", \")"), "\"a, 1, 2s\"")
        XCTAssertEqual(try eval("split(\"a,b\", \",\")"), "[\"a\", \"b\"]")
        XCTAssertEqual(try eval("upper(\"ab\") + lower(\"CD\")"), "\"ABcd\"")
        XCTAssertEqual(try eval("str(1h30m)"), "\"1h30m\"")
        XCTAssertEqual(try eval("type(5m)"), "\"duration\"")
        XCTAssertEqual(try eval("type([])"), "\"list\"")
    }

    func testMath() throws {
        XCTAssertEqual(try eval("floor(2.7)"), "2")
        XCTAssertEqual(try eval("ceil(2.1)"), "3")
        XCTAssertEqual(try eval("sqrt(16)"), "4")
        XCTAssertEqual(try eval("round(2.5)"), "3")
        XCTAssertEqual(try eval("round(3.14159, digits: 2)"), "3.14")
    }

    func testNowComesFromTheRunOptions() throws {
        let at = Date(timeIntervalSince1970: 1_736_951_400)
        XCTAssertEqual(try runProgram("print(now())", options: RunOptions(now: at)), "@2025-01-15T14:30:00Z")
    }

    func testAClockSetInSecondsReadsBackExactly() throws {
        // Through a Date (seconds since 2001) 1ms after the epoch came back as 0.00100004673s.
        let vm = Interpreter()
        var out = ""
        vm.output = { out = $0 }
        try vm.load(parse("print((now() - @1970-01-01) / 1s == 0.001)"))
        try vm.evaluating(Evaluation(time: 0.001)) {
            XCTAssertEqual(vm.now, 0.001)
            try vm.run()
        }
        XCTAssertEqual(out, "true")
    }

    func testAnEvaluationPassedInStandsForThatCallOnly() throws {
        let vm = Interpreter(options: RunOptions(now: Date(timeIntervalSince1970: 60)))
        var out: [String] = []
        vm.output = { out.append($0) }
        let seen = vm.evaluating(Evaluation(time: 600)) { vm.evaluating(vm.evaluation.at(900)) { vm.now } }
        XCTAssertEqual(seen, 900)
        XCTAssertEqual(vm.now, 60, "nothing is left set on the session after the call")
        try vm.load(parse("print((now() - @1970-01-01) / 1s == 600)"))
        try vm.evaluating(Evaluation(time: 600)) { try vm.run() }
        try vm.load(parse("print((now() - @1970-01-01) / 1s == 60)"))
        try vm.run()
        XCTAssertEqual(out, ["true", "true"])
    }

    func testANarrowingIsPartOfTheEvaluationAndAnotherTimeKeepsIt() {
        let candidate = Evaluation(time: 600, narrowing: [LabelPin("version", "v2")])
        XCTAssertEqual(candidate.narrowingKey, "version=\"v2\"")
        XCTAssertEqual(candidate.at(30).narrowing, [LabelPin("version", "v2")])
        XCTAssertEqual(candidate.at(30).time, 30)
        XCTAssertEqual(candidate.narrowed(to: [LabelPin("version", "v1")]).narrowingKey, "version=\"v1\"")
        XCTAssertEqual(candidate.narrowed(to: []).narrowingKey, "")
        XCTAssertEqual(candidate.narrowed(to: []).time, 600)
    }

    func testAssert() {
        let e = failure("assert(1 + 1 == 3, \"math is broken\")")
        XCTAssertEqual(e?.message, "math is broken")
        XCTAssertEqual(e?.diagnostic.headline, "test.vigil:1:1: error: math is broken")
        XCTAssertNil(failure("assert(true, \"fine\")"))
    }

    func testArgumentErrors() {
        XCTAssertEqual(failure("print(len(3))")?.message, "`len` needs a list, a string or a record, found a number (3)")
        XCTAssertEqual(failure("print(sort([1], bye: 2))")?.message, "`sort` has no parameter `bye`")
        XCTAssertEqual(failure("print(range(1, 2, 0))")?.message, "the step of `range` cannot be zero")
    }

    func testHugeRangeIsRefusedAsAListButIteratesLazily() {
        XCTAssertEqual(failure("let xs = range(1e12)")?.message, "`range` of 1000000000000 items is too large to build as a list")
        let e = failure("for i in range(1e12) { }", options: RunOptions(maxSteps: 5000))
        XCTAssertEqual(e?.message, "step budget of 5000 exceeded (raise it with --max-steps)")
    }
}

/// A call the checker never saw (a module compiled alone, a builtin called as a value) is
/// bound by the same table rule, with the checker's messages.
final class BuiltinBindingRuntimeTests: XCTestCase {
    func testTheRuntimeRefusesWithTheCheckersMessages() {
        let e = failure("print(join([1], sepp: \",\"))")
        XCTAssertEqual(e?.message, "`join` has no parameter `sepp`")
        XCTAssertEqual(e?.hint, "did you mean `sep`?")
        XCTAssertEqual(failure("print(min(a: 1))")?.message, "missing argument `b` in call to `min`")
        XCTAssertEqual(failure("print(len([1], [2]))")?.message, "too many arguments to `len`: it takes at most 1, found 2")
        XCTAssertEqual(failure("let f = join\nprint(f([1], separator: \",\"))")?.message, "`join` has no parameter `separator`")
    }

    func testEveryDocumentedLabelBindsAtRunTime() throws {
        XCTAssertEqual(try runProgram("""
            print(join(xs: [1, 2], sep: "-"), fold(xs: [1, 2], init: 0, f: fn(a, x) = a + x), range(n: 2))
            print(min(xs: [3, 1]), min(a: 2s, b: 1s), range(start: 1, end: 3), contains(xs: "abc", x: "b"))
            print(split(s: "a,b", sep: ","), keys(r: {k: 1}), upper(s: "a"), sort(xs: [2, 1]), reverse(xs: [1, 2]))
            print(sum(xs: [1, 2]), avg(xs: [2, 4]), count(xs: [1]), max(xs: [1, 2]), round(x: 1.26, digits: 1))
            print()
            assert(1 < 2)
            """), "1-2 3 [0, 1]\n1 1s [1, 2] true\n[\"a\", \"b\"] [\"k\"] A [1, 2] [2, 1]\n3 3 1 2 1.3\n")
    }
}
