import VigilCheck
import VigilLib
import VigilSyntax
import XCTest

/// The resolver lays out every function's frame (`Resolution.local`): parameters first in
/// order, then each local in the order declared, a fresh slot for each `let` that shadows;
/// a closure reads its enclosing function's locals one frame out.
final class FrameSlotTests: XCTestCase {
    /// What the checker resolved the `occurrence`-th `name` of `source` to.
    private func binding(_ source: String, _ name: String, _ occurrence: Int) -> Resolution? {
        let (program, _) = Parser.parse(SourceFile(path: "slots.vigil", text: source))
        let checked = Checker.check(program, loader: nil, options: Engines.checkOptions())
        XCTAssertFalse(checked.hasErrors, checked.diagnostics.first?.render() ?? "")
        var from = source.startIndex, offset = 0
        for _ in 0...occurrence {
            guard let found = source.range(of: name, range: from..<source.endIndex) else { return nil }
            offset = source.utf8.distance(from: source.startIndex, to: found.lowerBound)
            from = found.upperBound
        }
        return checked.resolutions["slots.vigil", name, at: SourceRange(offset, offset + name.utf8.count)]
    }

    private let function = """
        fn outer(base, bump = base + 1) {
          let level = base
          if bump > base {
            let level = level * 10
            let add = fn(extra) = level + extra + base
            level = add(1)
          }
          for item in [1, 2] {
            let level = item
          }
          return level
        }

        """

    func testParametersComeFirstAndDefaultsReadEarlierOnes() {
        XCTAssertEqual(binding(function, "base", 0), .local(depth: 0, slot: 0))
        XCTAssertEqual(binding(function, "bump", 0), .local(depth: 0, slot: 1))
        XCTAssertEqual(binding(function, "base", 1), .local(depth: 0, slot: 0))
        XCTAssertEqual(binding(function, "bump", 1), .local(depth: 0, slot: 1))
    }

    func testShadowingLetTakesAFreshSlotAndItsValueReadsTheOuterOne() {
        XCTAssertEqual(binding(function, "level", 0), .local(depth: 0, slot: 2))
        XCTAssertEqual(binding(function, "level", 1), .local(depth: 0, slot: 3))
        XCTAssertEqual(binding(function, "level", 2), .local(depth: 0, slot: 2))
        XCTAssertEqual(binding(function, "level", 4), .local(depth: 0, slot: 3))
        XCTAssertEqual(binding(function, "level", 6), .local(depth: 0, slot: 2))
    }

    func testLambdaHasItsOwnFrameAndReadsCapturedLocalsOneFrameOut() {
        XCTAssertEqual(binding(function, "add", 0), .local(depth: 0, slot: 4))
        XCTAssertEqual(binding(function, "extra", 0), .local(depth: 0, slot: 0))
        XCTAssertEqual(binding(function, "extra", 1), .local(depth: 0, slot: 0))
        XCTAssertEqual(binding(function, "level", 3), .local(depth: 1, slot: 3))
        XCTAssertEqual(binding(function, "base", 4), .local(depth: 1, slot: 0))
        XCTAssertEqual(binding(function, "add", 1), .local(depth: 0, slot: 4))
    }

    func testLoopVariableAndLoopBodyLocalsTakeLaterSlots() {
        XCTAssertEqual(binding(function, "item", 0), .local(depth: 0, slot: 5))
        XCTAssertEqual(binding(function, "item", 1), .local(depth: 0, slot: 5))
        XCTAssertEqual(binding(function, "level", 5), .local(depth: 0, slot: 6))
    }

    /// A top-level `let` or `fn` declares a global (the global table gives it its slot); the
    /// `let`s of a top-level block are locals of the top-level frame; a top-level function
    /// starts a frame of its own that sees only globals.
    func testTopLevelBlocksUseTheTopLevelFrame() {
        let source = """
            let total = 1
            fn twice(value) = value * 2 + total
            if true {
              let seed = 5
              let grow = fn(n) = n + seed + total
              print(grow(twice(1)))
            }

            """
        XCTAssertEqual(binding(source, "total", 0), .global)
        XCTAssertEqual(binding(source, "twice", 0), .global)
        XCTAssertEqual(binding(source, "value", 0), .local(depth: 0, slot: 0))
        XCTAssertEqual(binding(source, "value", 1), .local(depth: 0, slot: 0))
        XCTAssertEqual(binding(source, "total", 1), .global)
        XCTAssertEqual(binding(source, "seed", 0), .local(depth: 0, slot: 0))
        XCTAssertEqual(binding(source, "grow", 0), .local(depth: 0, slot: 1))
        XCTAssertEqual(binding(source, "seed", 1), .local(depth: 1, slot: 0))
        XCTAssertEqual(binding(source, "total", 2), .global)
    }

    /// A nested `fn` takes a slot of its enclosing frame, and its body reads the enclosing
    /// function's locals (and itself) one frame out.
    func testNestedFunctionCapturesItsEnclosingFrame() {
        let source = """
            fn count(limit) {
              fn below(value) = value < limit
              fn both(a, b) = below(a) and below(b)
              return both(1, 2)
            }

            """
        XCTAssertEqual(binding(source, "below", 0), .local(depth: 0, slot: 1))
        XCTAssertEqual(binding(source, "limit", 1), .local(depth: 1, slot: 0))
        XCTAssertEqual(binding(source, "both", 0), .local(depth: 0, slot: 2))
        XCTAssertEqual(binding(source, "below", 1), .local(depth: 1, slot: 1))
        XCTAssertEqual(binding(source, "below", 2), .local(depth: 1, slot: 1))
        XCTAssertEqual(binding(source, "both", 1), .local(depth: 0, slot: 2))
    }
}
