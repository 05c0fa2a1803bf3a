import XCTest
import VigilCheck
@testable import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

/// The checker records which overloads of a builtin a call may bind to (`Resolution.builtin`),
/// and the compiler compiles the one it leaves.
final class OverloadResolutionTests: XCTestCase {
    static let sumOfList = "sum(xs: list) -> any"
    static let sumOverTime = "sum(s: series, w: duration) -> vector"
    static let sumAcross = "sum(v: vector|series; by: string?) -> vector"

    /// What the checker resolved the last `name` of `source` to.
    private func resolved(_ source: String, _ name: String) -> Resolution? {
        let (program, _) = Parser.parse(SourceFile(path: "overloads.vigil", text: source))
        let checked = Checker.check(program, loader: nil, options: Engines.checkOptions())
        XCTAssertFalse(checked.hasErrors, checked.diagnostics.first?.render() ?? "")
        guard let found = source.range(of: name, options: .backwards) else { return nil }
        let offset = source.utf8.distance(from: source.startIndex, to: found.lowerBound)
        return checked.resolutions["overloads.vigil", name, at: SourceRange(offset, offset + name.utf8.count)]
    }

    func testACallRecordsTheOverloadsItsArgumentTypesFit() {
        XCTAssertEqual(resolved("print(sum([1, 2]))\n", "sum"), .builtin("sum", overloads: [Self.sumOfList]))
        XCTAssertEqual(resolved("print(sum(series(\"x\"), 5m))\n", "sum"), .builtin("sum", overloads: [Self.sumOverTime]))
        XCTAssertEqual(resolved("print(sum(rate(series(\"x\"), 5m)))\n", "sum"), .builtin("sum", overloads: [Self.sumAcross]))
        XCTAssertEqual(resolved("print(count(series(\"x\"), by: \"code\"))\n", "count"),
                       .builtin("count", overloads: ["count(v: vector|series; by: string?) -> vector"]))
        XCTAssertEqual(resolved("print(max(2s, 1s))\n", "max"), .builtin("max", overloads: ["max(a: quantity, b: quantity) -> same as a"]))
    }

    func testAnArgumentOfUnknownTypeLeavesEveryOverloadItMayFitOpen() {
        // `x` may be a list, a vector or a series; no overload without a window takes two arguments.
        XCTAssertEqual(resolved("fn total(x) = sum(x)\n", "sum"), .builtin("sum", overloads: [Self.sumOfList, Self.sumAcross]))
        XCTAssertEqual(resolved("fn worst(x, y) = max(x, y)\n", "max"),
                       .builtin("max", overloads: ["max(a: quantity, b: quantity) -> same as a", "max(s: series, w: duration) -> vector"]))
        // A builtin named as a value keeps every overload; one with a single overload records none.
        XCTAssertEqual(resolved("let f = sum\n", "sum"), .builtin("sum", overloads: nil))
        XCTAssertEqual(resolved("print(len([1]))\n", "len"), .builtin("len", overloads: nil))
    }

    private func session() throws -> VigilSession {
        var store = SeriesStore()
        let labels = Labels(name: "http_requests_total", ["code": "200"])
        try store.add(try SeriesNotation("0+60x10").series(labels: labels))
        return VigilSession(store: store)
    }

    /// Checks and runs `source` at 600s, as a command does: what it printed.
    private func run(_ source: String) throws -> String {
        let (program, _) = Parser.parse(SourceFile(path: "overloads.vigil", text: source))
        let checked = Checker.check(program, loader: nil, options: Engines.checkOptions())
        XCTAssertFalse(checked.hasErrors, checked.diagnostics.first?.render() ?? "")
        let s = try session()
        var out: [String] = []
        s.interpreter.output = { out.append($0) }
        try s.load(program, checked: checked.resolutions)
        try s.interpreter.evaluating(Evaluation(time: 600)) { try s.interpreter.run() }
        return out.joined(separator: "\n")
    }

    /// `max(v, 1)` is the pairwise `max` (1 is no window), so a vector there is refused by
    /// it rather than handed to the aggregation over time.
    func testMaxOfAVectorAndANumberSaysMaxNeedsNumbers() throws {
        XCTAssertThrowsError(try run("print(max(rate(series(\"http_requests_total\"), 5m), 1))\n")) { error in
            XCTAssertEqual((error as? RuntimeError)?.message, "`max` needs numbers, found a vector ({code=\"200\"} 1)")
        }
    }

    func testEveryOverloadRunsAsTheCheckerResolvedIt() throws {
        let rates = "rate(series(\"http_requests_total\"), 5m)"
        XCTAssertEqual(try run("print(sum([1, 2]), max(2s, 1s), sum(\(rates)), max(series(\"http_requests_total\"), 5m))\n"),
                       "3 2s 1 {code=\"200\"} 600")
        // Chosen at run time among the open overloads: a list, a vector, nodata.
        XCTAssertEqual(try run("fn total(x) = sum(x)\nprint(total([1, 2]), total(\(rates)), total(last(series(\"nope\"))))\n"), "3 1 nodata")
    }
}
