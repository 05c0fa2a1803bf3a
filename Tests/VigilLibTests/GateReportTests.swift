import Foundation
import XCTest
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

/// The gate verdict and its CI formats, judged in a session as `vigil check` judges them.
final class GateReportTests: XCTestCase {
    func judge(_ source: String, store: SeriesStore = SeriesStore(), at seconds: Double = 600,
               recording: Bool = true) throws -> GateReport {
        let file = SourceFile(path: "/nowhere/gate.vigil", text: source)
        let (program, diagnostics) = Parser.parse(file)
        XCTAssertTrue(diagnostics.isEmpty, diagnostics.map { $0.render() }.joined(separator: "\n"))
        let session = VigilSession(store: store)
        let judged = session.interpreter.evaluating(Evaluation(time: seconds)) {
            GateCheck.judge(program, in: session, resolver: nil, recordingValues: recording)
        }
        return GateReport(files: [judged],
                          evaluatedAt: seconds, dataRange: GateCheck.dataRange(of: store))
    }

    func json(_ report: GateReport) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(report.render(.json).utf8)) as? [String: Any])
    }

    func testErrorOutranksFailureAndFailureOutranksPass() throws {
        let pass = try judge("policy \"p\" {\n  require 1ms < 2ms\n}\n")
        XCTAssertEqual(pass.verdict, .pass)
        XCTAssertEqual(pass.exitStatus, 0)
        let fail = try judge("policy \"p\" {\n  require 3ms < 2ms\n  warn 1 > 0\n}\n")
        XCTAssertEqual(fail.verdict, .fail)
        XCTAssertEqual(fail.exitStatus, 1)
        let error = try judge("policy \"p\" {\n  require 3ms < 2ms\n  require len(1) > 1\n}\n")
        XCTAssertEqual(error.verdict, .error)
        XCTAssertEqual(error.exitStatus, 2, "a runtime error in a line means the gate was not judged")
        XCTAssertEqual(error.errors.map(\.message), ["`len` needs a list, a string or a record, found a number (1)"])
        XCTAssertEqual(error.errors.first?.line, 3)
        XCTAssertEqual(error.errors.first?.column, 11)
    }

    func testAFileWithoutAPolicyIsAnErrorNamingTheFile() throws {
        let report = try judge("let x = 1\n")
        XCTAssertEqual(report.exitStatus, 2)
        XCTAssertEqual(report.errors.map(\.message), ["/nowhere/gate.vigil has no policy to check"])
        let empty = try judge("policy \"p\" {\n  let x = 1\n}\n")
        XCTAssertEqual(empty.exitStatus, 2)
        XCTAssertEqual(empty.errors.map(\.message), ["the policies in /nowhere/gate.vigil have no require or warn line to check"])
        XCTAssertEqual(empty.errors.first?.line, 1)
    }

    func testJSONCarriesNumbersUnitsAndTimes() throws {
        var store = SeriesStore()
        try store.add(try SeriesNotation("5+1x10").series(labels: Labels(name: "latency_seconds", ["pod": "a"]), start: 60_000))
        let report = try judge("""
            let p95 = 6.2ms
            policy "p" {
              require p95 <= 5ms "fast"
              warn 97.1% < 98%
              require last(series("latency_seconds")) < 20s
            }
            """, store: store, at: 660.5)
        let object = try json(report)
        XCTAssertEqual(object["evaluatedAt"] as? String, "1970-01-01T00:11:00.500Z")
        let range = try XCTUnwrap(object["dataRange"] as? [String: String])
        XCTAssertEqual(range["first"], "1970-01-01T00:01:00Z")
        XCTAssertEqual(range["last"], "1970-01-01T00:11:00Z")
        let results = try XCTUnwrap(object["results"] as? [[String: Any]])
        XCTAssertEqual(results.first?["observed"] as? String, "p95 = 6.2ms > 5ms", "the text stays")
        let values = try XCTUnwrap(results.first?["values"] as? [[String: Any]])
        XCTAssertEqual(values.map { $0["expression"] as? String }, ["p95", "5ms"])
        XCTAssertEqual(values.map { $0["number"] as? Double }, [0.0062, 0.005])
        XCTAssertEqual(values.map { $0["unit"] as? String }, ["seconds", "seconds"])
        XCTAssertEqual(values.map { $0["text"] as? String }, ["6.2ms", "5ms"])
        let ratio = try XCTUnwrap(results[1]["values"] as? [[String: Any]])
        XCTAssertEqual(ratio.first?["number"] as? Double, 0.971)
        XCTAssertEqual(ratio.first?["unit"] as? String, "ratio")
        let vector = try XCTUnwrap(results[2]["values"] as? [[String: Any]])
        XCTAssertEqual(vector.first?["labels"] as? [String: String], ["pod": "a"])
        XCTAssertEqual(vector.first?["number"] as? Double, 15)
        XCTAssertEqual(vector.first?["unit"] as? String, "seconds")
        XCTAssertEqual((object["errors"] as? [Any])?.count, 0)
    }

    func testErrorsInEveryFormatCarryFileLineColumnAndMessage() throws {
        let report = try judge("policy \"p\" {\n  require len(1) > 1 \"div\"\n}\n")
        let errors = try XCTUnwrap(try json(report)["errors"] as? [[String: Any]])
        XCTAssertEqual(errors.first?["file"] as? String, "/nowhere/gate.vigil")
        XCTAssertEqual(errors.first?["line"] as? Int, 2)
        XCTAssertEqual(errors.first?["column"] as? Int, 11)
        XCTAssertEqual(errors.first?["message"] as? String, "`len` needs a list, a string or a record, found a number (1)")
        XCTAssertTrue(report.render(.junit).contains("""
            <testcase name="div" classname="/nowhere/gate.vigil:2">
                  <error message="`len` needs a list, a string or a record, found a number (1)" type="script error">/nowhere/gate.vigil:2:11: error: `len` needs a list, a string or a record, found a number (1)
            """), report.render(.junit))
        XCTAssertTrue(report.render(.github).hasPrefix(
            "::error file=/nowhere/gate.vigil,line=2,col=11,title=p%3A div::`len` needs a list, a string or a record, found a number (1)\n"), report.render(.github))
        let sarif = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(report.render(.sarif).utf8)) as? [String: Any])
        XCTAssertEqual(sarif["version"] as? String, "2.1.0")
        let result = try XCTUnwrap(((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
        XCTAssertEqual(result["level"] as? String, "error")
        XCTAssertEqual(result["ruleId"] as? String, "script-error")
        let location = try XCTUnwrap((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        XCTAssertEqual((location["artifactLocation"] as? [String: String])?["uri"], "file:///nowhere/gate.vigil")
        XCTAssertEqual(location["region"] as? [String: Int], ["startLine": 2, "startColumn": 11])
        XCTAssertEqual(report.render(.text), """
            /nowhere/gate.vigil: policy "p"
              ERROR div: `len` needs a list, a string or a record, found a number (1)  [line 2]
            ERROR: 0 of 1 requirements passed, 1 error
            """)
    }

    func testDisplayPathIsRelativeUnderTheDirectoryOnly() {
        XCTAssertEqual(DisplayPath.of("/repo/examples/a.vigil", in: "/repo"), "examples/a.vigil")
        XCTAssertEqual(DisplayPath.of("/repo/./examples/../a.vigil", in: "/repo/"), "a.vigil")
        XCTAssertEqual(DisplayPath.of("/repository/a.vigil", in: "/repo"), "/repository/a.vigil")
        XCTAssertEqual(DisplayPath.of("examples/a.vigil", in: "/repo"), "examples/a.vigil")
        XCTAssertEqual(DisplayPath.of("<input 2>", in: "/repo"), "<input 2>")
    }
}
