import Foundation
import XCTest
import VigilLib
import VigilRuntime
import VigilSyntax

/// `vigil test`'s report: each failure's details under its line, and the CI formats.
final class TestReportTests: XCTestCase {
    let source = """
        rule "hot" {
          when series("temp") > 90
          for 2m
        }
        test "fires" {
          series("temp") = "95x10"
          at 5m expect firing "hot"
        }
        test "never fires" {
          series("temp") = "95x10"
          at 5m expect inactive "hot"
        }
        test "typo" {
          series("temp") = "95x10"
          at 5m expect firing "hoot"
        }
        """

    func report() throws -> TestReport {
        let file = SourceFile(path: "/nowhere/rules.vigil", text: source)
        let (program, diagnostics) = Parser.parse(file)
        XCTAssertTrue(diagnostics.isEmpty, diagnostics.map { $0.render() }.joined(separator: "\n"))
        let runner = RuleTestRunner(program: program, resolver: nil, options: RunOptions(now: Date(timeIntervalSince1970: 0)))
        var report = TestReport()
        for test in runner.tests {
            do { report.cases.append(.init(try runner.run(test))) } catch let e as RuntimeError {
                report.cases.append(.init(test, in: program.file, error: e))
            }
        }
        return report
    }

    func testTextPutsDetailsUnderTheirLine() throws {
        let r = try report()
        XCTAssertEqual(r.exitStatus, 2)
        XCTAssertEqual(r.render(.text), """
            pass  /nowhere/rules.vigil: test "fires"
            FAIL  /nowhere/rules.vigil: test "never fires"
                    at 5m: expected inactive "hot", got firing (series("temp") = 95 > 90)
            ERROR /nowhere/rules.vigil: test "typo"
                    /nowhere/rules.vigil:15:3: error: no rule named "hoot"
                       |
                    15 |   at 5m expect firing "hoot"
                       |   ^^^^^^^^^^^^^^^^^^^^^^^^^^
                       = hint: did you mean `hot`?
            1 passed, 1 failed, 1 error
            """)
    }

    func testJUnitHasAFailureAndAnError() throws {
        let xml = try report().render(.junit)
        XCTAssertTrue(xml.contains("<testsuites name=\"vigil test\" tests=\"3\" failures=\"1\" errors=\"1\">"), xml)
        XCTAssertTrue(xml.contains("<testcase name=\"fires\" classname=\"/nowhere/rules.vigil:5\"/>"), xml)
        XCTAssertTrue(xml.contains("<failure message=\"at 5m: expected inactive &quot;hot&quot;, got firing"), xml)
        XCTAssertTrue(xml.contains("<error message=\"no rule named &quot;hoot&quot;\" type=\"script error\">"), xml)
    }

    func testJSONAndGitHub() throws {
        let r = try report()
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.render(.json).utf8)) as? [String: Any])
        XCTAssertEqual(object["passed"] as? Bool, false)
        XCTAssertEqual(object["counts"] as? [String: Int], ["passed": 1, "failed": 1, "errors": 1])
        let tests = try XCTUnwrap(object["tests"] as? [[String: Any]])
        XCTAssertEqual(tests.map { $0["outcome"] as? String }, ["pass", "fail", "error"])
        XCTAssertEqual(tests[1]["line"] as? Int, 9)
        XCTAssertEqual((object["errors"] as? [[String: Any]])?.first?["line"] as? Int, 15)
        XCTAssertEqual(r.render(.github), """
            ::error file=/nowhere/rules.vigil,line=9,col=1,title=test "never fires"::at 5m: expected inactive "hot", got firing (series("temp") = 95 > 90)
            ::error file=/nowhere/rules.vigil,line=15,col=3,title=test "typo"::no rule named "hoot"%0Adid you mean `hot`?
            vigil test: 1 passed, 1 failed, 1 error
            """)
    }
}
