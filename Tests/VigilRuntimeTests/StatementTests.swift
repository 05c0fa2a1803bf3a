import VigilRuntime
import XCTest

final class StatementTests: XCTestCase {
    func testLetAssignAndCompoundAssignment() throws {
        XCTAssertEqual(try runProgram("let x = 1\nx = x + 1\nx += 10\nx -= 2\nprint(x)"), "10")
    }

    func testAssignmentToGlobalAndOuterLocalFromLoop() throws {
        let src = """
        let total = 0
        fn f(n) {
          let acc = 0
          for i in range(n) { acc += i }
          return acc
        }
        for i in [1, 2, 3] { total += i }
        print(total, f(5))
        """
        XCTAssertEqual(try runProgram(src), "6 10")
    }

    func testShadowingInBlockKeepsOuterBinding() throws {
        XCTAssertEqual(try runProgram("let x = 1\nif true { let x = 2\nprint(x) }\nprint(x)"), "2\n1")
    }

    func testIfElseIfElse() throws {
        let src = """
        fn grade(n) {
          if n > 90 { return "a" } else if n > 50 { return "b" } else { return "c" }
        }
        print(grade(95), grade(60), grade(1))
        """
        XCTAssertEqual(try runProgram(src), "a b c")
    }

    func testForOverRangeForms() throws {
        XCTAssertEqual(try runProgram("for i in range(2, 10, 3) { print(i) }"), "2\n5\n8")
        XCTAssertEqual(try runProgram("for i in range(3, 0, -1) { print(i) }"), "3\n2\n1")
        XCTAssertEqual(try runProgram("for i in range(0) { print(i) }"), "")
    }

    func testReturnFromInsideLoop() throws {
        XCTAssertEqual(try runProgram("fn first(xs) { for x in xs { if x > 2 { return x } }\nreturn none }\nprint(first([1, 5, 7]), first([]))"), "5 none")
    }

    func testFunctionCalledBeforeDeclaration() throws {
        XCTAssertEqual(try runProgram("print(double(21))\nfn double(x) = x * 2"), "42")
    }

    func testNamedArgumentsAndDefaults() throws {
        let src = "fn scale(x, by = 2, plus = 0) = x * by + plus\nprint(scale(5), scale(5, by: 3), scale(5, plus: 1, by: 10))"
        XCTAssertEqual(try runProgram(src), "10 15 51")
    }

    func testLambdasCaptureVariablesByReference() throws {
        let src = """
        fn counter() {
          let n = 0
          let bump = fn() { n += 1
            return n }
          bump()
          bump()
          return n
        }
        let k = 3
        let addk = fn(x) = x + k
        print(counter(), addk(1), map([1, 2], fn(x) = x * k))
        """
        XCTAssertEqual(try runProgram(src), "2 4 [3, 6]")
    }

    func testNestedFunctionDeclaration() throws {
        XCTAssertEqual(try runProgram("fn outer(a) {\n  fn inner(b) = a + b\n  return inner(10)\n}\nprint(outer(1))"), "11")
    }

    func testMissingArgumentIsAnError() {
        let e = failure("fn f(a, b) = a\nprint(f(1))")
        XCTAssertEqual(e?.message, "missing argument `b` in the call to `f`")
    }

    func testUnknownNameHasHint() {
        let e = failure("let total = 1\nprint(totl)")
        XCTAssertEqual(e?.message, "unknown name `totl`")
        XCTAssertEqual(e?.hint, "did you mean `total`?")
    }

    /// The checker gives a second `let` of a name in one scope no slot, so the compiler,
    /// which stores only where the checker laid a local out, refuses it at the name.
    func testRedeclaredLocalIsRefusedWhereItStands() {
        let e = failure("fn f() {\n  let a = 1\n  let a = 2\n  return a\n}\nprint(f())")
        XCTAssertEqual(e?.message, "`a` is already defined")
        XCTAssertEqual(e.map { "\($0.diagnostic.location)" }, "3:7")
    }

    /// Loaded without a check (as these tests load), a program is checked first and runs by
    /// the checker's slots: shadowing in a loop body, a closure over a loop's local.
    func testShadowingAndCapturesRunByTheCheckersSlots() throws {
        let src = """
        fn f(n) {
          let total = n
          for i in [1, 2, 3] {
            let total = total + i
            let show = fn() = total * 10
            print(show())
          }
          return total
        }
        print(f(100))
        """
        XCTAssertEqual(try runProgram(src), "1010\n1020\n1030\n100")
    }

    func testAssigningUndeclaredName() {
        XCTAssertEqual(failure("y = 1")?.message, "cannot assign to `y`: it is not declared")
    }

    func testReusedFramesSurviveRecursionAndEscapingClosures() throws {
        let src = """
        fn fact(n) {
          if n <= 1 { return 1 }
          return n * fact(n - 1)
        }
        fn make(x) = fn() = x
        let a = make(1)
        let b = make(2)
        print(fact(5), a(), b())
        """
        XCTAssertEqual(try runProgram(src), "120 1 2")
    }
}
