import VigilRuntime
import VigilSyntax
import XCTest

final class ModuleTests: XCTestCase {
    func session(_ main: String, modules: [String: String]) throws -> (String, Int) {
        var loads = 0
        let resolver: Interpreter.ImportResolver = { imp, from in
            guard let text = modules[imp.path] else {
                return .failure(Diagnostic(.error, "module not found", file: from, range: imp.pathRange))
            }
            loads += 1
            return .success(parse(text, path: imp.path))
        }
        let vm = Interpreter()
        var out: [String] = []
        vm.output = { out.append($0) }
        try vm.load(parse(main), resolver: resolver)
        try vm.run()
        return (out.joined(separator: "\n"), loads)
    }

    func testImportBindsNamesAndRunsOnce() throws {
        let common = "print(\"loading common\")\nlet limit = 5m\nfn twice(x) = x * 2"
        let (out, _) = try session("import \"./common.vigil\"\nimport \"./common.vigil\" as c\nprint(twice(limit), c.twice(1))",
                                   modules: ["./common.vigil": common])
        XCTAssertEqual(out, "loading common\n10m 2")
    }

    func testUnresolvedImportIsLocated() {
        XCTAssertThrowsError(try session("import \"./missing.vigil\"", modules: [:])) { error in
            let e = error as? RuntimeError
            XCTAssertEqual(e?.message, "module not found")
            XCTAssertEqual(e?.diagnostic.headline, "test.vigil:1:8: error: module not found")
        }
    }

    func testImportCycleIsAnError() {
        XCTAssertThrowsError(try session("import \"a\"", modules: ["a": "import \"b\"", "b": "import \"a\""])) { error in
            XCTAssertEqual((error as? RuntimeError)?.message, "import cycle: \"a\" is already being imported")
        }
    }

    func testReplSessionKeepsLetsAndFunctions() throws {
        let vm = Interpreter()
        var out: [String] = []
        vm.output = { out.append($0) }
        try vm.load(parse("let base = 10\nfn add(x) = x + base"))
        try vm.run()
        try vm.load(parse("base = 20\nprint(add(1))"))
        try vm.run()
        let f = SourceFile(path: "repl", text: "add(base)")
        let e = Parser.parse(f).0.loneExpression
        XCTAssertEqual(try vm.evaluate(expression: try XCTUnwrap(e), in: f).literal, "40")
        XCTAssertEqual(out, ["21"])
    }
}
