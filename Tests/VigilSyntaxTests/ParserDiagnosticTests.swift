import XCTest
@testable import VigilSyntax

/// Every class of syntax error, asserted on the exact rendering a user sees: location,
/// source line, caret, what was expected and the hint.
final class ParserDiagnosticTests: XCTestCase {
    private func assertDiagnostics(_ source: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(TestSupport.rendered(source), expected, file: file, line: line)
    }

    func testUnterminatedString() {
        assertDiagnostics("let s = \"abc\n", #"""
        t.vigil:1:9: error: unterminated string
          |
        1 | let s = "abc
          |         ^^^^
          = expected a closing `"`
        """#)
    }

    func testUnknownEscape() {
        assertDiagnostics("let s = \"a\\qb\"\n", #"""
        t.vigil:1:11: error: unknown escape `\q`
          |
        1 | let s = "a\qb"
          |           ^^
          = expected one of \n \t \" \\ \{
        """#)
    }

    func testUnknownUnitWord() {
        assertDiagnostics("let d = 10mins\n", #"""
        t.vigil:1:11: error: unknown unit `mins`
          |
        1 | let d = 10mins
          |           ^^^^
          = expected a unit after the number
          = hint: did you mean `m`? (units are %, x, ms s m h d w, B KB MB GB TB, KiB MiB GiB TiB)
        """#)
    }

    func testUnknownUnitMisspelt() {
        assertDiagnostics("let size = 10MiBs\n", #"""
        t.vigil:1:14: error: unknown unit `MiBs`
          |
        1 | let size = 10MiBs
          |              ^^^^
          = expected a unit after the number
          = hint: did you mean `MiB`? (units are %, x, ms s m h d w, B KB MB GB TB, KiB MiB GiB TiB)
        """#)
    }

    func testMoneyTakesNoUnit() {
        assertDiagnostics("let m = $5k\n", #"""
        t.vigil:1:11: error: money takes no unit
          |
        1 | let m = $5k
          |           ^
          = hint: write amounts like `$1800` or `$0.0004`
        """#)
    }

    func testMalformedTimestampMonth() {
        assertDiagnostics("let t = @2025-13-01\n", #"""
        t.vigil:1:9: error: malformed timestamp
          |
        1 | let t = @2025-13-01
          |         ^^^^^^^^^^^
          = expected `@YYYY-MM-DD` or `@YYYY-MM-DDTHH:MM:SSZ` (an offset like `+02:00` may replace `Z`)
        """#)
    }

    func testMalformedTimestampDay() {
        assertDiagnostics("let t = @2025-02-30T10:00Z\n", #"""
        t.vigil:1:9: error: malformed timestamp
          |
        1 | let t = @2025-02-30T10:00Z
          |         ^^^^^^^^^^^^^^^^^^
          = expected `@YYYY-MM-DD` or `@YYYY-MM-DDTHH:MM:SSZ` (an offset like `+02:00` may replace `Z`)
        """#)
    }

    func testMisplacedUnderscore() {
        assertDiagnostics("let n = 1__000\n", #"""
        t.vigil:1:10: error: misplaced `_` in a number
          |
        1 | let n = 1__000
          |          ^
          = hint: `_` may only stand between digits, as in `1_000`
        """#)
    }

    func testDoubleAmpersand() {
        assertDiagnostics("let b = a && b\n", #"""
        t.vigil:1:11: error: unexpected `&&`
          |
        1 | let b = a && b
          |           ^^
          = hint: write `and`
        """#)
    }

    func testDoublePipe() {
        assertDiagnostics("let b = a || b\n", #"""
        t.vigil:1:11: error: unexpected `||`
          |
        1 | let b = a || b
          |           ^^
          = hint: write `or`
        """#)
    }

    func testBang() {
        assertDiagnostics("let b = !a\n", #"""
        t.vigil:1:9: error: unexpected `!`
          |
        1 | let b = !a
          |         ^
          = hint: write `not` for negation, `!=` for inequality, `!~"…"` for a negated regex
        """#)
    }

    func testExpectedFound() {
        assertDiagnostics("x = 1 2\n", #"""
        t.vigil:1:7: error: expected the end of the statement (a new line or `;`), found `2`
          |
        1 | x = 1 2
          |       ^
          = expected the end of the statement (a new line or `;`)
        """#)
    }

    func testChainedComparison() {
        assertDiagnostics("let ok = a < b < c\n", #"""
        t.vigil:1:16: error: comparisons do not chain
          |
        1 | let ok = a < b < c
          |                ^
          = hint: write `a < b and b < c` instead of `a < b < c`
        """#)
    }

    func testAssignInsteadOfEquals() {
        assertDiagnostics("if a = 1 { }\n", #"""
        t.vigil:1:6: error: expected `{` starting a block, found `=`
          |
        1 | if a = 1 { }
          |      ^
          = expected `{` starting a block
          = hint: use `==` to compare; `=` only binds names (`let x = …`)
        """#)
    }

    func testUnclosedParen() {
        assertDiagnostics("let x = (1 + 2\n", #"""
        t.vigil:1:9: error: unclosed `(`
          |
        1 | let x = (1 + 2
          |         ^
          = expected `)`
        """#)
    }

    func testUnclosedBracket() {
        assertDiagnostics("let x = [1, 2\n", #"""
        t.vigil:1:9: error: unclosed `[`
          |
        1 | let x = [1, 2
          |         ^
          = expected `]`
        """#)
    }

    func testUnclosedBrace() {
        assertDiagnostics("if a == 1 { print(a)\n", #"""
        t.vigil:1:11: error: unclosed `{`
          |
        1 | if a == 1 { print(a)
          |           ^
          = expected `}`
          = hint: every `{` needs a matching `}`
        """#)
    }

    func testUnclosedBlockDecl() {
        assertDiagnostics("service s {\n  bake 10m\n", #"""
        t.vigil:1:11: error: unclosed `{` of the service block
          |
        1 | service s {
          |           ^
          = expected `}`
        """#)
    }

    func testStrayBrace() {
        assertDiagnostics("let a = 1\n}\n", #"""
        t.vigil:2:1: error: unexpected `}`
          |
        2 | }
          | ^
          = hint: this brace closes nothing
        """#)
    }

    func testPositionalAfterNamed() {
        assertDiagnostics("f(name: 1, 2)\n", #"""
        t.vigil:1:12: error: a positional argument cannot follow a named one
          |
        1 | f(name: 1, 2)
          |            ^
          = hint: put positional arguments first
        """#)
    }

    func testInterpolationIncomplete() {
        assertDiagnostics("let s = \"{1 +}\"\n", #"""
        t.vigil:1:14: error: expected an expression, found the end of the interpolation
          |
        1 | let s = "{1 +}"
          |              ^
          = expected an expression
        """#)
    }

    func testInterpolationEmpty() {
        assertDiagnostics("let s = \"{}\"\n", #"""
        t.vigil:1:10: error: empty interpolation
          |
        1 | let s = "{}"
          |          ^^
          = expected an expression inside `{}`
        """#)
    }

    func testInterpolationUnterminated() {
        assertDiagnostics("let s = \"{a\"\n", #"""
        t.vigil:1:10: error: unterminated interpolation
          |
        1 | let s = "{a"
          |          ^
          = expected a `}` closing `{`
          = hint: write `\{` for a literal brace
        """#)
    }

    func testInterpolationTrailing() {
        assertDiagnostics("let s = \"{a b}\"\n", #"""
        t.vigil:1:13: error: unexpected `b` in the interpolation
          |
        1 | let s = "{a b}"
          |             ^
        """#)
    }

    func testInterpolationInName() {
        assertDiagnostics("import \"a{b}\"\n", #"""
        t.vigil:1:8: error: a module path such as "std/slo" cannot contain an interpolation
          |
        1 | import "a{b}"
          |        ^^^^^^
          = hint: write `\{` for a literal brace
        """#)
    }

    func testReservedLet() {
        assertDiagnostics("let if = 3\n", #"""
        t.vigil:1:5: error: expected a name after `let`, found `if`
          |
        1 | let if = 3
          |     ^^
          = expected a name after `let`
          = hint: `if` is a reserved word; choose another name
        """#)
    }

    func testReservedFn() {
        assertDiagnostics("fn not(x) = x\n", #"""
        t.vigil:1:4: error: expected a function name, found `not`
          |
        1 | fn not(x) = x
          |    ^^^
          = expected a function name
          = hint: `not` is a reserved word; choose another name
        """#)
    }

    func testRuleWithoutWhen() {
        assertDiagnostics("rule \"r\" {\n  for 5m\n}\n", #"""
        t.vigil:1:6: error: rule "r" has no `when` condition
          |
        1 | rule "r" {
          |      ^^^
          = expected a line `when <condition>` in the rule
        """#)
    }

    func testSeveralErrors() {
        assertDiagnostics("let a = 5sec\nlet b = x && y\nif a = 1 { }\nlet c = (1 + 2\n", #"""
        t.vigil:1:10: error: unknown unit `sec`
          |
        1 | let a = 5sec
          |          ^^^
          = expected a unit after the number
          = hint: did you mean `s`? (units are %, x, ms s m h d w, B KB MB GB TB, KiB MiB GiB TiB)

        t.vigil:2:11: error: unexpected `&&`
          |
        2 | let b = x && y
          |           ^^
          = hint: write `and`

        t.vigil:3:6: error: expected `{` starting a block, found `=`
          |
        3 | if a = 1 { }
          |      ^
          = expected `{` starting a block
          = hint: use `==` to compare; `=` only binds names (`let x = …`)

        t.vigil:4:9: error: unclosed `(`
          |
        4 | let c = (1 + 2
          |         ^
          = expected `)`
        """#)
    }

    func testAGuardrailWithoutPerSaysWhatIsExpected() {
        assertDiagnostics("runbook \"r\" {\n  limit page to 3 each 1h\n}\n", #"""
        t.vigil:2:19: error: expected `per` and a duration, as in `limit rollback to 3 per 1h`, found `each`
          |
        2 |   limit page to 3 each 1h
          |                   ^^^^
          = expected `per` and a duration, as in `limit rollback to 3 per 1h`
        """#)
    }
}
