import VigilCheck
import VigilLib
import VigilSyntax
import XCTest

/// One test per class of static error, asserting the exact report a user reads.
final class StaticErrorTests: XCTestCase {
    func testUnknownNameSuggestsTheClosestVisibleName() {
        let source = """
        service checkout { signal error_rate = 1%
          when eror_rate > 5% then rollback }
        """
        let d = checkSource(source)
        XCTAssertEqual(d.map { $0.render() }, ["""
        test.vigil:2:8: error: unknown name `eror_rate`
          |
        2 |   when eror_rate > 5% then rollback }
          |        ^^^^^^^^^
          = hint: did you mean `error_rate`?
        """])
    }

    func testSignalsAreBareInTheirServiceAndCanaryOnlyQualifiedElsewhere() {
        let source = """
        service checkout { signal error_rate = 1% }
        canary checkout { when error_rate > 2% then rollback }
        let a = checkout.error_rate
        let b = checkout.eror_rate
        """
        XCTAssertEqual(summaries(checkSource(source)), [
            "4:18: service `checkout` has no signal `eror_rate` | hint: did you mean `error_rate`?",
        ])
    }

    /// A computed zero divisor is nodata at run time; a written one is a mistake.
    func testALiteralZeroDivisorIsAStaticError() {
        XCTAssertEqual(summaries(checkSource("let a = 5 / 0\nlet b = 5ms mod 0.0\nlet z = 0\nlet c = 5 / z\n")), [
            "1:13: division by zero: the divisor `0` is a literal zero | hint: a computed zero divisor gives nodata; a written one is never what was meant",
            "2:17: division by zero: the divisor `0.0` is a literal zero | hint: a computed zero divisor gives nodata; a written one is never what was meant",
        ])
    }

    func testVectorMatchingBuiltinsAreInTheCatalog() {
        XCTAssertEqual(summaries(checkSource("""
            let s = series("lat")
            let a = without(p99(s, 5m), "quantile") <= 2 * without(p95(s, 5m), "quantile")
            let b = keep(s, "service", "endpoint")
            let c = scalar(sum(rate(s, 5m))) + 1
            let d = withot(s, "quantile")
            """)), ["5:9: unknown name `withot` | hint: did you mean `without`?"])
    }

    func testAssignmentToAnUndeclaredName() {
        XCTAssertEqual(summaries(checkSource("let total = 0\nfor x in [1, 2] { totl += x }\ncount = 3\n")), [
            "2:19: cannot assign to `totl`: it is not declared | hint: did you mean `total`? To declare a new variable, write `let totl = …`",
            "3:1: cannot assign to `count`: it is not declared | hint: declare it first: `let count = …`",
        ])
    }

    func testLoopsRebindVariablesDeclaredWithLet() {
        XCTAssertEqual(summaries(checkSource("fn total(xs) {\n  let t = 0\n  for x in xs { t += x }\n  return t\n}\n")), [])
    }

    func testFunctionsDeclaredLaterAreVisible() {
        XCTAssertEqual(summaries(checkSource("let y = double(2)\nfn double(x) = x * 2\n")), [])
    }

    func testDuplicateDefinitionsNameTheFirstLine() {
        let source = """
        fn f(a, a) = a
        fn f(x) = x
        let r = {k: 1, k: 2}
        let s = round(1.5, digits: 1, digits: 2)
        rule "same" { when true }
        rule "same" { when true }
        service s1 { signal e = 1
          signal e = 2 }
        """
        XCTAssertEqual(summaries(checkSource(source)), [
            "1:9: duplicate parameter `a` | hint: the first definition is on line 1",
            "2:4: `f` is already defined | hint: the first definition is on line 1",
            "3:16: key `k` appears twice in the record | hint: the first definition is on line 3",
            "4:31: argument `digits` is given twice | hint: the first definition is on line 4",
            "6:6: rule \"same\" is already defined | hint: the first definition is on line 5",
            "8:10: signal `e` is already defined | hint: the first definition is on line 7",
        ])
    }

    func testModuleAliasesAndMissingModules() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "fn double(x) = x * 2\n".write(to: dir.appendingPathComponent("common.vigil"), atomically: true, encoding: .utf8)
        let main = dir.appendingPathComponent("main.vigil").path
        let source = "import \"./common.vigil\" as common\nimport \"./missing.vigil\"\nlet a = common.double(2)\nlet b = common.tripl(2)\n"
        let d = checkSource(source, loader: ModuleLoader(stdlibRoots: []), path: main)
        XCTAssertEqual(d.map(\.message), ["cannot find module \"./missing.vigil\"", "module `common` has no `tripl`"])
    }

    func testImportCyclesAreReportedAtTheImport() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-cycle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "import \"./b.vigil\"\n".write(to: dir.appendingPathComponent("a.vigil"), atomically: true, encoding: .utf8)
        try "import \"./a.vigil\"\n".write(to: dir.appendingPathComponent("b.vigil"), atomically: true, encoding: .utf8)
        let loader = ModuleLoader(stdlibRoots: [])
        let (program, _) = loader.load(path: dir.appendingPathComponent("a.vigil").path)
        let a = try XCTUnwrap(program)
        let d = Checker.check(a, loader: loader, options: Engines.checkOptions(available: Set(Feature.allCases))).diagnostics
        XCTAssertEqual(summaries(d), ["1:8: import cycle: a.vigil → b.vigil → a.vigil | hint: move what both modules need into a third module"])
    }

    func testStdlibImportsSearchTheRootsInOrder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-std-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("std"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "fn fast_burn() = 14.4x\n".write(to: root.appendingPathComponent("std/slo.vigil"), atomically: true, encoding: .utf8)
        let d = checkSource("import \"std/slo\"\nlet f = fast_burn()\n", loader: ModuleLoader(stdlibRoots: ["/nonexistent", root.path]))
        XCTAssertEqual(summaries(d), [])
    }
}
