import Foundation
import VigilCheck
import VigilSyntax
import XCTest

/// Recursion that goes through a variable rather than a named function: a lambda stored in
/// a `let`, a record or a list, or reassigned, that reaches its own variable.
final class RecursionThroughValuesTests: XCTestCase {
    private let recursionHint = "rewrite it with `for` over a finite list, or with fold"
    private let selfUseHint = "a function that can reach itself may call itself forever: pass what it needs as a parameter, or use `for` over a finite list, or fold"

    func testLambdaCallingItsOwnLet() {
        let d = checkSource("let f = fn(x) = f(x + 1)\nprint(f(1))\n")
        XCTAssertEqual(d.map { $0.render() }, ["""
        test.vigil:1:17: error: recursive call: f → f (Vigil forbids recursion so every run terminates)
          |
        1 | let f = fn(x) = f(x + 1)
          |                 ^
          = hint: \(recursionHint)
        """])
    }

    func testLambdasInRecordsListsAndReassignments() {
        let source = """
        let r = {g: fn(x) = r.g(x)}
        let fs = [fn(x) = fs[0](x)]
        let m = fn(x) = x
        m = fn(x) = m(x)
        """
        XCTAssertEqual(summaries(checkSource(source)), [
            "1:21: recursive call: r → r (Vigil forbids recursion so every run terminates) | hint: \(recursionHint)",
            "2:19: recursive call: fs → fs (Vigil forbids recursion so every run terminates) | hint: \(recursionHint)",
            "4:13: recursive call: m → m (Vigil forbids recursion so every run terminates) | hint: \(recursionHint)",
        ])
    }

    func testCyclesThroughLetsAndNamedFunctions() {
        let source = """
        let a = fn(x) = b(x)
        let b = fn(x) = a(x)
        fn g(x) = h(x)
        let h = fn(y) = g(y)
        fn outer(x) {
          let inner = fn(y) = outer(y)
          return inner(x)
        }
        """
        XCTAssertEqual(summaries(checkSource(source)), [
            "1:17: recursive call: a → b → a (Vigil forbids recursion so every run terminates) | hint: \(recursionHint)",
            "3:11: recursive call: g → h → g (Vigil forbids recursion so every run terminates) | hint: \(recursionHint)",
            "7:10: recursive call: outer → inner → outer (Vigil forbids recursion so every run terminates) | hint: \(recursionHint)",
        ])
    }

    func testNamingItselfWithoutCallingIsAUseInItsOwnDefinition() {
        let source = """
        fn apply(h, x) = h(x)
        let k = fn(x) = apply(k, x)
        let p = fn(x) = apply(q, x)
        let q = fn(x) = apply(p, x)
        """
        XCTAssertEqual(summaries(checkSource(source)), [
            "2:23: `k` is used in its own definition (Vigil forbids recursion so every run terminates) | hint: \(selfUseHint)",
            "3:23: `p` is used in its own definition through p → q → p (Vigil forbids recursion so every run terminates) | hint: \(selfUseHint)",
        ])
    }

    func testLambdasThatCannotReachThemselvesAreFine() {
        let source = """
        fn sum_squares(xs) {
          let sq = fn(x) = x * x
          let total = 0
          for x in xs { total = total + sq(x) }
          return total
        }
        let twice = fn(f, x) = f(f(x))
        let inc = fn(x) = x + 1
        let count = 0
        fn bump() = count + 1
        count = bump()
        fn defines_but_never_calls(x) {
          let again = fn(y) = defines_but_never_calls(y)
          return x
        }
        print(sum_squares([1, 2]), twice(inc, 1), map([1], fn(x) = inc(x)))
        """
        XCTAssertEqual(summaries(checkSource(source)), [])
    }

    func testImportedModulesAreCheckedAtTheirOwnPath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-imported-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lib = dir.appendingPathComponent("lib.vigil").path
        try "fn r(x) { return r(x) }\nlet late = 5m + 1%\n".write(toFile: lib, atomically: true, encoding: .utf8)
        // Imported twice (directly and through `mid`): reported once.
        try "import \"./lib.vigil\" as lib\nfn m(x) = lib.r(x)\n".write(toFile: dir.appendingPathComponent("mid.vigil").path,
                                                                    atomically: true, encoding: .utf8)
        let main = dir.appendingPathComponent("main.vigil").path
        let source = "import \"./lib.vigil\" as lib\nimport \"./mid.vigil\"\nprint(lib.r(1), m(2))\n"
        let d = checkSource(source, loader: ModuleLoader(stdlibRoots: []), path: main)
        XCTAssertEqual(d.map { "\(($0.file.path as NSString).lastPathComponent):\(summaries([$0])[0])" }, [
            "lib.vigil:1:18: recursive call: r → r (Vigil forbids recursion so every run terminates) | hint: \(recursionHint)",
            "lib.vigil:2:12: cannot add a number (1%) to a duration (5m) | hint: did you mean 5m * 101%?",
        ])
    }
}
