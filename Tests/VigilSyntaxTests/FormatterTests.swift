import XCTest
@testable import VigilSyntax

/// The canonical style, asserted on exact output.
final class FormatterTests: XCTestCase {
    private func assertFormats(_ input: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(TestSupport.format(input), expected, file: file, line: line)
        XCTAssertNil(TestSupport.roundTripFailure(input), file: file, line: line)
    }

    func testContractCanaryIsPrintedCanonically() throws {
        let text = try XCTUnwrap(TestSupport.contractFixtures().first { $0.name == "canary.vigil" }).text
        assertFormats(text, """
        canary checkout {
          stable "v1.4.2"  # the version serving today
          candidate "v1.5.0"
          version_label "version"  # default "version"
          steps 10%, 50%, 100%  # traffic weights
          bake 10m  # minimum healthy time per step
          every 1m  # analysis interval
          when error_rate > baseline + 0.5% for 10m then rollback
          when latency_p95 > baseline * 150% for 5m then rollback
          when alarm(P1) then rollback
          judge mann_whitney(latency_p95, confidence: 98%)  # optional statistical judge
          on promote notify("#deploys", "checkout {candidate} at 100%")
        }

        """)
    }

    func testRunbookBlocksOpenOnePerLineWithElseOnTheClosingBrace() throws {
        let text = try XCTUnwrap(TestSupport.contractFixtures().first { $0.name == "runbook.vigil" }).text
        assertFormats(text, """
        runbook "API error rate spike" {
          severity P1
          trigger when api.error_rate > 1% for 5m
          step "Find the failing endpoint" {
            print(top(3, api.error_rate, by: "endpoint"))
          }
          step "Roll back a recent deploy" {
            let d = last_deployment("api")
            if d.age < 1h and confirm("Roll back api to {d.previous}?") {
              rollback("api", to: d.previous)
            } else {
              page("api-oncall", "error spike, no recent deploy", severity: P1)
            }
          }
          verify api.error_rate < 0.5% within 10m
        }

        """)
    }

    func testRuleBlockAndPricesAndMultiLineSignals() throws {
        assertFormats("""
        prices { db_query: $0.000002, api_call: $0.00001 }
        rule "fast" {
          every 30s
          when x > 14.4x   for 2m
          severity P1
          then page("a", "b", severity: P1)
        }
          service checkout {
            signal error_rate  = ratio(series("h", code: ~"5.."),   # errors
                                       series("h"), 5m)
          }
        """, """
        prices {
          db_query: $0.000002
          api_call: $0.00001
        }
        rule "fast" {
          every 30s
          when x > 14.4x
          for 2m
          severity P1
          then page("a", "b", severity: P1)
        }
        service checkout {
          signal error_rate = ratio(
            series("h", code: ~"5.."),  # errors
            series("h"),
            5m,
          )
        }

        """)
    }

    func testParenthesesOnlyWherePrecedenceNeedsThem() {
        assertFormats("""
        let a = (1 + 2) * 3 - (4 - 5) - ((6 * 7))
        let b = not (x or y) and (not z)
        let c = (a < b) == (c mod 2 == 0)
        let d = -(a + b) - -c
        let e = (fn(x) = x * 2)(3) + f(fn(y) = y)
        let g = {a: 1,   "b c": [1,2, 3]}[0].k
        let h = (fn() { return 1 })() + (fn(x) { x })(2)
        """, """
        let a = (1 + 2) * 3 - (4 - 5) - 6 * 7
        let b = not (x or y) and not z
        let c = (a < b) == (c mod 2 == 0)
        let d = -(a + b) - -c
        let e = (fn(x) = x * 2)(3) + f(fn(y) = y)
        let g = {a: 1, "b c": [1, 2, 3]}[0].k
        let h = fn() {
          return 1
        }() + fn(x) {
          x
        }(2)

        """)
    }

    func testCommentsAndBlankLinesSurvive() {
        assertFormats("""
        # header


        let x = 1   # one
        # before y
        let y = 2
        fn f(a, b = 2) {  # opens
          let c = a + b


          # why
          return c
          # at the end
        }
        # last
        """, """
        # header

        let x = 1  # one
        # before y
        let y = 2
        fn f(a, b = 2) {
          # opens
          let c = a + b

          # why
          return c
          # at the end
        }
        # last

        """)
    }

    func testBrokenListsStayOneItemPerLineWithTheirComments() {
        assertFormats("""
        let xs = [
          # the first
          1,  # one
          2
          # trailing own-line
        ]
        let r = {a: 1,
         b: 2}
        let one = [1, 2]
        """, """
        let xs = [
          # the first
          1,  # one
          2,
          # trailing own-line
        ]
        let r = {
          a: 1,
          b: 2,
        }
        let one = [1, 2]

        """)
    }

    func testLiteralsArePrintedAsWritten() {
        assertFormats("let xs = [1_000, 2e-3, 0.50%, 1h30m, $1_800.50, 512KiB, @2025-01-15, \"a\\tb{x+1}\"]\n",
                      "let xs = [1_000, 2e-3, 0.50%, 1h30m, $1_800.50, 512KiB, @2025-01-15, \"a\\tb{x+1}\"]\n")
    }

    func testEmptyBlocksAndEmptyProgram() {
        assertFormats("if a {\n} else {}\nservice s {\n}\n", "if a {} else {}\nservice s {}\n")
        XCTAssertEqual(TestSupport.format(""), "")
    }

    func testCommentsInsideExpressionsAndAroundBracesAreKept() {
        assertFormats("""
        let x = f(1,  # first
                  2)  # second
        if a {
          b()
        }  # after the then-block
        # before else
        else {
          c()  # in else
        }
        rule "r" {  # opens the rule
          when x > 1  # condition
          then page("a")

          # settings follow
          severity P1
        }
        service s {
          # nothing yet
        }
        """, """
        let x = f(
          1,  # first
          2,
        )  # second
        if a {
          b()
        } else {
          # after the then-block
          # before else
          c()  # in else
        }
        rule "r" {
          # opens the rule
          when x > 1  # condition
          then page("a")

          # settings follow
          severity P1
        }
        service s {
          # nothing yet
        }

        """)
    }

    func testWindowsLineEndingsFormatToNewlines() {
        assertFormats("let a = 1\r\n# note\r\nlet b = 2\r\n", "let a = 1\n# note\nlet b = 2\n")
    }

    func testStatementsSeparatedBySemicolonsGoOnePerLine() {
        assertFormats("let a = 1; let b = 2 # two\nfor x in [a, b] { print(x); print(x * 2) }\n", """
        let a = 1
        let b = 2  # two
        for x in [a, b] {
          print(x)
          print(x * 2)
        }

        """)
    }
}
