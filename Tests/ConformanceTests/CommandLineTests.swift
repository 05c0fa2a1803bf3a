import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// The command line's contract (LANGUAGE.md §15): exit codes, the REPL without a terminal,
/// limits, report formats.
final class CommandLineTests: XCTestCase {
    private func temp(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-cli-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testReplReadsPipedInputAndKeepsDefinitions() throws {
        let r = try VigilBinary.run([], stdin: "let x = 10m\nfn twice(d) = d * 2\ntwice(x)\n[1, 2,\n 3]\n")
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertEqual(r.stdout, "20m\n[1, 2, 3]\n")
    }

    func testReplReportsErrorsAndExitsTwoWhenPiped() throws {
        let r = try VigilBinary.run(["repl"], stdin: "let d = 5m\nd + 3\nd\n")
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stdout, "5m\n", "later inputs still run after an error")
        XCTAssertTrue(r.stderr.contains("<input 2>:1:1: error: cannot add a number (3) to a duration (d)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("hint: write the unit: 3s or 3ms"), r.stderr)
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try VigilBinary.run(["check"]).status, 2)
        XCTAssertEqual(try VigilBinary.run(["run", "--max-steps", "0", "x.vigil"]).status, 2)
        XCTAssertEqual(try VigilBinary.run(["no-such-command"]).status, 2)
        let missing = try VigilBinary.run(["run", "/nonexistent/file.vigil"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no such file"), missing.stderr)
    }

    func testStepBudgetStopsARunWithExitTwo() throws {
        let path = try temp("loop.vigil", "let n = 0\nfor i in range(1000000) {\n  n += 1\n}\n")
        let r = try VigilBinary.run(["run", "--max-steps", "1000", path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("step budget of 1000 exceeded (raise it with --max-steps)"), r.stderr)
    }

    func testStaticErrorsStopBeforeAnythingRuns() throws {
        let path = try temp("static.vigil", "print(\"side effect\")\nlet x = eror_rate\nfn f() = g()\nfn g() = f()\n")
        let r = try VigilBinary.run(["run", path])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stdout, "", "nothing runs when the checker finds errors")
        XCTAssertTrue(r.stderr.contains("static.vigil:2:9: error: unknown name `eror_rate`"), r.stderr)
        XCTAssertTrue(r.stderr.contains("recursive call"), r.stderr)
    }

    func testSelfCallingLambdaIsRefusedBeforeItRuns() throws {
        let path = try temp("selfcall.vigil", "print(\"side effect\")\nlet f = fn(x) = f(x + 1)\nprint(f(1))\n")
        let r = try VigilBinary.run(["run", path])
        XCTAssertEqual(r.status, 2, r.combined)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("""
        selfcall.vigil:2:17: error: recursive call: f → f (Vigil forbids recursion so every run terminates)
          |
        2 | let f = fn(x) = f(x + 1)
          |                 ^
          = hint: rewrite it with `for` over a finite list, or with fold
        """), r.stderr)
    }

    func testReadingALetBeforeItsLineIsRefusedBeforeItRuns() throws {
        let path = try temp("usebefore.vigil", "print(x)\nlet x = 1\n")
        let r = try VigilBinary.run(["run", path])
        XCTAssertEqual(r.status, 2, r.combined)
        XCTAssertEqual(r.stdout, "", "a silent `none` must not be printed")
        XCTAssertTrue(r.stderr.contains("""
        usebefore.vigil:1:7: error: `x` is used before its definition on line 2
          |
        1 | print(x)
          |       ^
          = hint: move `let x = …` above this line
        """), r.stderr)
    }

    func testImportedModuleErrorsNameTheModule() throws {
        let lib = try temp("reclib.vigil", "fn r(x) { return r(x) }\n")
        let main = try temp("recmain.vigil", "import \"./reclib.vigil\" as lib\nprint(lib.r(1))\n")
        let r = try VigilBinary.run(["run", main])
        XCTAssertEqual(r.status, 2, r.combined)
        XCTAssertTrue(r.stderr.contains("\(lib):1:18: error: recursive call: r → r"), r.stderr)
    }

    func testReplStopsRunawayCallsWithAnError() throws {
        let r = try VigilBinary.run(["repl"], stdin: "let f = fn(x) = f(x + 1)\nf(1)\nprint(\"still here\")\n")
        XCTAssertEqual(r.status, 2, r.combined)
        XCTAssertEqual(r.stdout, "still here\n")
        XCTAssertTrue(r.stderr.contains("error: call depth exceeded: 1024 nested calls"), r.stderr)
    }

    func testCheckFormatsAreMachineReadable() throws {
        let json = try VigilBinary.run(["check", "--format", "json", "examples/release-gates-failing.vigil"])
        XCTAssertEqual(json.status, 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(object?["passed"] as? Bool, false)
        XCTAssertEqual((object?["results"] as? [[String: Any]])?.count, 4)

        let junit = try VigilBinary.run(["check", "--format", "junit", "examples/release-gates-failing.vigil"])
        XCTAssertTrue(junit.stdout.contains("<testsuites name=\"vigil check\" tests=\"4\" failures=\"3\" errors=\"0\">"), junit.stdout)
        XCTAssertNotNil(try? XMLDocument(xmlString: junit.stdout), "JUnit output must be well-formed XML")

        let github = try VigilBinary.run(["check", "--format", "github", "examples/release-gates-failing.vigil"])
        XCTAssertTrue(github.stdout.contains("::error file=examples/release-gates-failing.vigil,line=8,col=3,"), github.stdout)
        XCTAssertTrue(github.stdout.contains("::warning file=examples/release-gates-failing.vigil,line=11"), github.stdout)
    }

    func testFmtCheckFlagsUnformattedFilesAndLeavesThemAlone() throws {
        let text = "let   x=1\nif x>0 { print(x) }\n"
        let path = try temp("ugly.vigil", text)
        let r = try VigilBinary.run(["fmt", "--check", path])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), text)
        XCTAssertEqual(try VigilBinary.run(["fmt", path]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "let x = 1\nif x > 0 {\n  print(x)\n}\n")
    }

    func testDocListsSignaturesAndSuggestsNames() throws {
        let all = try VigilBinary.run(["doc"])
        XCTAssertEqual(all.status, 0)
        XCTAssertTrue(all.stdout.contains("rate(s: series, w: duration) -> vector"), all.stdout)
        let join = try VigilBinary.run(["doc", "join"])
        XCTAssertEqual(join.stdout, """
            join(xs: list, sep: string) -> string
              The items as text, separated by sep.
              example: join(["a", "b"], ", ")
              category: core

            """)
        let miss = try VigilBinary.run(["doc", "ratte"])
        XCTAssertEqual(miss.status, 2)
        XCTAssertTrue(miss.stderr.contains("did you mean `rate`?"), miss.stderr)
    }

    func testHelpListsEveryCommand() throws {
        let r = try VigilBinary.run(["--help"])
        XCTAssertEqual(r.status, 0)
        for command in ["repl", "run", "check", "fmt", "doc"] { XCTAssertTrue(r.stdout.contains("  \(command)"), command) }
    }

    func testEditorGrammarCompilesAndScopesTheExamples() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") || FileManager.default.fileExists(atPath: "/usr/local/bin/python3")
        else { throw XCTSkip("python3 is not installed") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "grammar/check_tmgrammar.py"]
        p.currentDirectoryURL = VigilBinary.repoRoot
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, text)
    }
}
