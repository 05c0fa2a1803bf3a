import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// `vigil check` and `vigil test` as CI systems read them: every format reports script and
/// data errors, paths are relative to the working directory, and a file that is not a gate
/// never passes.
final class GateCommandLineTests: XCTestCase {
    let scriptError = "Tests/Fixtures/gates/script-error.vigil"
    let noPolicy = "Tests/Fixtures/gates/no-policy.vigil"

    func check(_ format: String, _ args: String...) throws -> VigilBinary.Result {
        try VigilBinary.run(["check", "--format", format] + args)
    }

    func jsonObject(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    func testScriptErrorIsReportedInEveryFormat() throws {
        let text = try check("text", scriptError)
        XCTAssertEqual(text.status, 2)
        XCTAssertEqual(text.stdout, "ERROR: 1 error, the gate was not judged\n")
        XCTAssertTrue(text.stderr.hasPrefix("\(scriptError):5:11: error: unknown name `p59`\n"), text.stderr)

        let json = try check("json", scriptError)
        XCTAssertEqual(json.status, 2)
        let object = try jsonObject(json.stdout)
        XCTAssertEqual(object["passed"] as? Bool, false)
        let error = try XCTUnwrap((object["errors"] as? [[String: Any]])?.first)
        XCTAssertEqual(error["file"] as? String, scriptError)
        XCTAssertEqual(error["line"] as? Int, 5)
        XCTAssertEqual(error["column"] as? Int, 11)
        XCTAssertEqual(error["message"] as? String, "unknown name `p59`")

        let junit = try check("junit", scriptError)
        XCTAssertEqual(junit.status, 2)
        XCTAssertNotNil(try? XMLDocument(xmlString: junit.stdout), junit.stdout)
        XCTAssertTrue(junit.stdout.contains("<testcase name=\"script error\" classname=\"\(scriptError):5\">\n"
            + "      <error message=\"unknown name `p59`\" type=\"script error\">\(scriptError):5:11: error: unknown name `p59`"),
            junit.stdout)

        let github = try check("github", scriptError)
        XCTAssertEqual(github.status, 2)
        XCTAssertEqual(github.stdout, """
            ::error file=\(scriptError),line=5,col=11,title=vigil%3A script error::unknown name `p59`%0Adid you mean `p50`?
            vigil check: 1 error, the gate was not judged

            """)

        let sarif = try check("sarif", scriptError)
        XCTAssertEqual(sarif.status, 2)
        let run = try XCTUnwrap((try jsonObject(sarif.stdout)["runs"] as? [[String: Any]])?.first)
        let result = try XCTUnwrap((run["results"] as? [[String: Any]])?.first)
        XCTAssertEqual(result["level"] as? String, "error")
        XCTAssertEqual((result["message"] as? [String: String])?["text"], "unknown name `p59` (hint: did you mean `p50`?)")
        let location = try XCTUnwrap((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        XCTAssertEqual((location["artifactLocation"] as? [String: String])?["uri"], scriptError)
        XCTAssertEqual(location["region"] as? [String: Int], ["startLine": 5, "startColumn": 11])
    }

    func testDataErrorIsReportedWithItsFileAndLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-gate-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let data = dir.appendingPathComponent("bad.csv")
        try "timestamp,metric,value\n2025-01-15T14:30:00Z,up,one\n".write(to: data, atomically: true, encoding: .utf8)
        let r = try check("github", "--data", data.path, "examples/release-gates.vigil")
        XCTAssertEqual(r.status, 2, r.combined)
        XCTAssertTrue(r.stdout.hasPrefix("::error file=\(data.path),line=2,col=3,title=vigil%3A data error::"
            + "column 3 (value): expected a number"), r.stdout)
    }

    func testAFileWithNoPolicyIsAnErrorInEveryFormat() throws {
        let message = "\(noPolicy) has no policy to check"
        for format in ["text", "json", "junit", "github", "sarif"] {
            let r = try check(format, noPolicy)
            XCTAssertEqual(r.status, 2, "\(format): \(r.combined)")
            XCTAssertTrue(r.stderr.contains("\(noPolicy):1:1: error: \(message)"), "\(format): \(r.stderr)")
            if format != "text" { XCTAssertTrue(r.stdout.contains(message), "\(format): \(r.stdout)") }
        }
    }

    func testPathsAreRelativeToTheWorkingDirectory() throws {
        let absolute = VigilBinary.repoRoot.appendingPathComponent(scriptError).path
        let r = try check("github", absolute)
        XCTAssertTrue(r.stdout.hasPrefix("::error file=\(scriptError),line=5"), r.stdout)
        XCTAssertTrue(r.stderr.hasPrefix("\(scriptError):5:11: error:"), r.stderr)
        let example = VigilBinary.repoRoot.appendingPathComponent("examples/release-gates-failing.vigil").path
        let report = try check("text", example)
        XCTAssertTrue(report.stdout.hasPrefix("examples/release-gates-failing.vigil: policy"), report.stdout)
        let run = try VigilBinary.run(["run", absolute])
        XCTAssertTrue(run.stderr.hasPrefix("\(scriptError):5:11: error:"), run.stderr)
    }

    func testJSONCarriesValuesEvaluationTimeAndDataRange() throws {
        let r = try check("json", "--data", "examples/data/search.om", "examples/data-gate-fail.vigil")
        XCTAssertEqual(r.status, 1, r.combined)
        let object = try jsonObject(r.stdout)
        let range = try XCTUnwrap(object["dataRange"] as? [String: String])
        XCTAssertEqual(object["evaluatedAt"] as? String, range["last"], "on data the gate is judged at the newest sample")
        XCTAssertLessThan(try XCTUnwrap(range["first"]), try XCTUnwrap(range["last"]))
        let first = try XCTUnwrap((object["results"] as? [[String: Any]])?.first)
        XCTAssertNotNil(first["observed"] as? String)
        let value = try XCTUnwrap((first["values"] as? [[String: Any]])?.first)
        XCTAssertEqual(value["unit"] as? String, "seconds")
        XCTAssertEqual(value["number"] as? Double, 0.0070995)
        XCTAssertEqual(value["text"] as? String, "7.1ms")
        XCTAssertEqual(value["labels"] as? [String: String], ["quantile": "0.95", "service": "search"])

        let at = try check("json", "--at", "1736951400", "examples/release-gates.vigil")
        XCTAssertEqual(try jsonObject(at.stdout)["evaluatedAt"] as? String, "2025-01-15T14:30:00Z")
    }

    func testTestFormatsAndFailureDetailsUnderTheirLine() throws {
        let file = "examples/rule-tests-failing.vigil"
        let text = try VigilBinary.run(["test", file])
        XCTAssertEqual(text.status, 1)
        XCTAssertEqual(text.stderr, "")
        XCTAssertTrue(text.stdout.hasPrefix("FAIL  \(file): test \"pages within three minutes\"\n        at 3m: expected firing"),
                      text.stdout)

        let junit = try VigilBinary.run(["test", "--format", "junit", file])
        XCTAssertEqual(junit.status, 1)
        XCTAssertNotNil(try? XMLDocument(xmlString: junit.stdout), junit.stdout)
        XCTAssertTrue(junit.stdout.contains("<testsuites name=\"vigil test\" tests=\"1\" failures=\"1\" errors=\"0\">"), junit.stdout)

        let json = try VigilBinary.run(["test", "--format", "json", file])
        let tests = try XCTUnwrap(try jsonObject(json.stdout)["tests"] as? [[String: Any]])
        XCTAssertEqual(tests.first?["outcome"] as? String, "fail")
        XCTAssertEqual((tests.first?["failures"] as? [String])?.count, 2)

        let github = try VigilBinary.run(["test", "--format", "github", file])
        XCTAssertTrue(github.stdout.hasPrefix("::error file=\(file),line="), github.stdout)
        XCTAssertTrue(github.stdout.hasSuffix("vigil test: 0 passed, 1 failed\n"), github.stdout)

        let error = try VigilBinary.run(["test", "--format", "junit", scriptError])
        XCTAssertEqual(error.status, 2)
        XCTAssertTrue(error.stdout.contains("<error message=\"unknown name `p59`\" type=\"script error\">"), error.stdout)
    }

    func testUnknownCommandSuggestsTheNearest() throws {
        let r = try VigilBinary.run(["chek", "examples/release-gates.vigil"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "vigil: error: unknown command `chek`; did you mean `check`?\n")
        XCTAssertEqual(r.stdout, "")
    }

    func testAtTakesEveryTimeForm() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-at-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("now.vigil")
        try "print(now())\n".write(to: file, atomically: true, encoding: .utf8)
        for (at, expected) in [("2025-01-15T14:30:00Z", "@2025-01-15T14:30:00Z\n"), ("2025-01-15", "@2025-01-15T00:00:00Z\n"),
                               ("1736951400", "@2025-01-15T14:30:00Z\n")] {
            let r = try VigilBinary.run(["run", "--at", at, file.path])
            XCTAssertEqual(r.status, 0, r.combined)
            XCTAssertEqual(r.stdout, expected, at)
        }
        let parser = ISO8601DateFormatter(), whole = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for (at, ago) in [("-1h", 3600.0), ("-30m", 1800.0)] {
            let before = Date().timeIntervalSince1970
            let r = try VigilBinary.run(["run", "--at", at, file.path])
            XCTAssertEqual(r.status, 0, r.combined)
            let stamp = String(r.stdout.dropFirst().dropLast())  // `@…Z\n`
            let printed = try XCTUnwrap(parser.date(from: stamp) ?? whole.date(from: stamp), r.stdout)
            XCTAssertEqual(printed.timeIntervalSince1970, before - ago, accuracy: 30, at)
        }
        let bad = try VigilBinary.run(["run", "--at", "soon", file.path])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--at expects a time such as 2025-01-15T14:30:00Z, 2025-01-15, Unix seconds (1736951400) or -1h (before now), got `soon`"), bad.stderr)
    }

    /// examples/ci/release-gate.yml runs these commands in CI: each must run as written and
    /// write the report its step says (the gate there passes).
    func testExampleWorkflowCommandsRun() throws {
        let workflow = try String(contentsOf: VigilBinary.repoRoot.appendingPathComponent("examples/ci/release-gate.yml"), encoding: .utf8)
        let commands = workflow.components(separatedBy: "\n").compactMap { line -> [String]? in
            guard let start = line.range(of: "run: .build/release/vigil ") else { return nil }
            let command = line[start.upperBound...].components(separatedBy: " > ")[0]
            return command.split(separator: " ").map(String.init)
        }
        XCTAssertEqual(commands.map { $0.prefix(3).joined(separator: " ") },
                       ["check --format github", "check --format junit", "test --format junit", "check --format sarif"])
        for args in commands {
            let r = try VigilBinary.run(args)
            XCTAssertEqual(r.status, 0, "\(args): \(r.combined)")
            switch args[2] {
            case "junit": XCTAssertNotNil(try? XMLDocument(xmlString: r.stdout), r.stdout)
            case "sarif": XCTAssertEqual(try jsonObject(r.stdout)["version"] as? String, "2.1.0")
            default: XCTAssertTrue(r.stdout.hasSuffix("vigil check: all requirements passed\n"), r.stdout)
            }
        }
    }
}
