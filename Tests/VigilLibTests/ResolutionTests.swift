import XCTest
import VigilCheck
@testable import VigilLib
import VigilRuntime
import VigilSyntax

/// The checker resolves each name once (`Resolutions`) and the compiler compiles that: a
/// program's own name that shadows a builtin means the program's name to both.
final class ResolutionTests: XCTestCase {
    /// The checked program and what the checker resolved the `occurrence`-th `name` to.
    private func resolved(_ source: String, _ name: String, occurrence: Int, path: String = "resolve.vigil") -> Resolution? {
        let (program, _) = Parser.parse(SourceFile(path: path, text: source))
        let table = Checker.check(program, loader: nil, options: Engines.checkOptions()).resolutions
        var from = source.startIndex, offset = 0
        for _ in 0...occurrence {
            guard let found = source.range(of: name, range: from..<source.endIndex) else { return nil }
            offset = source.utf8.distance(from: source.startIndex, to: found.lowerBound)
            from = found.upperBound
        }
        return table[path, name, at: SourceRange(offset, offset + name.utf8.count)]
    }

    /// Checks `source`, loads it from the checker's resolutions and runs it: what it printed.
    private func run(_ source: String) throws -> [String] {
        let (program, _) = Parser.parse(SourceFile(path: "resolve.vigil", text: source))
        let checked = Checker.check(program, loader: nil, options: Engines.checkOptions())
        XCTAssertFalse(checked.hasErrors, checked.diagnostics.first?.render() ?? "")
        let session = VigilSession()
        var printed: [String] = []
        session.interpreter.output = { printed.append($0) }
        try session.load(program, checked: checked.resolutions)
        try session.interpreter.run()
        return printed
    }

    func testGlobalsNamedLikeBuiltinsAreGlobalsToCheckerAndCompiler() throws {
        let source = "let status = 1\nfn rate(x) = x * 10\nprint(status + rate(2))\n"
        XCTAssertEqual(resolved(source, "status", occurrence: 1), .global)
        XCTAssertEqual(resolved(source, "rate", occurrence: 1), .global)
        XCTAssertEqual(try run(source), ["21"])
    }

    func testParametersAndLocalsNamedLikeBuiltinsAreLocals() throws {
        let source = "fn widen(max) {\n  let len = max + 1\n  return len * 2\n}\nprint(widen(3))\nprint(max(1, 5))\n"
        XCTAssertEqual(resolved(source, "max", occurrence: 1), .local(depth: 0, slot: 0))
        XCTAssertEqual(resolved(source, "len", occurrence: 1), .local(depth: 0, slot: 1))
        XCTAssertEqual(resolved(source, "max", occurrence: 2), .builtin("max", overloads: ["max(a: quantity, b: quantity) -> same as a"]))
        XCTAssertEqual(try run(source), ["8", "5"])
    }

    /// The compiler stores and reads the slots the checker gave: a `let` that shadows in a
    /// nested block reads the outer binding in its own value and leaves it untouched; a
    /// lambda reads and sees later writes of its enclosing frame's locals (one frame out);
    /// a default reads an earlier parameter; a top-level block's locals live in the
    /// top-level frame that its lambdas capture.
    func testCompiledCodeReadsTheSlotsTheCheckerGave() throws {
        let source = """
            fn outer(base, bump = base + 1) {
              let level = base
              if bump > base {
                let level = level * 10
                let add = fn(extra) = level + extra + base
                level = add(1)
                print(level)
              }
              for item in [1, 2] {
                let level = item * 100
                print(level)
              }
              return level
            }
            print(outer(2))
            if true {
              let seed = 5
              let grow = fn(n) = n + seed
              seed = 7
              print(grow(1))
            }

            """
        XCTAssertEqual(resolved(source, "level", occurrence: 3), .local(depth: 1, slot: 3))
        XCTAssertEqual(resolved(source, "seed", occurrence: 1), .local(depth: 1, slot: 0))
        XCTAssertEqual(try run(source), ["23", "100", "200", "2", "8"])
    }

    /// An slo's `good` is a local of the slo's block to the checker, but the layer compiles
    /// each binding apart, in a frame of its own: `total = good` must be refused as unknown
    /// there, never compiled to a read of a slot that frame does not have.
    func testBlockLocalInAFrameTheCodeDoesNotRunInIsUnknown() throws {
        let source = """
            slo availability {
              service checkout
              objective 99.9%
              window 30d
              good = series("http_requests_total", service: "checkout", code: !~"5..")
              total = good
            }
            print(burn_rate(availability, 1h))

            """
        // The checker refuses it (SLOBindingNameTests); loaded without a check, the runtime
        // finds no name either, where the frame the code runs in has no such slot.
        XCTAssertNil(resolved(source, "good", occurrence: 1))
        let session = VigilSession()
        try session.load(Parser.parse(SourceFile(path: "resolve.vigil", text: source)).0)
        XCTAssertThrowsError(try session.interpreter.run()) { error in
            XCTAssertEqual((error as? RuntimeError)?.diagnostic.headline(path: "resolve.vigil"),
                           "resolve.vigil:6:11: error: unknown name `good`")
        }
    }

    func testBaselineFormsAndTheUsersOwnBaseline() throws {
        let service = """
            service api {
              signal error_rate = ratio(series("errors_total"), series("requests_total"), 5m)
              when error_rate > baseline + 0.5% for 10m then rollback
              when error_rate > baseline(error_rate, window: 1d) * 2 for 10m then rollback
            }

            """
        XCTAssertEqual(resolved(service, "error_rate", occurrence: 1), .lent)
        XCTAssertEqual(resolved(service, "baseline", occurrence: 0), .baseline)
        XCTAssertEqual(resolved(service, "baseline", occurrence: 1), .baseline)
        XCTAssertEqual(resolved(service, "rollback", occurrence: 0), .builtin("rollback", overloads: nil))
        let own = "let baseline = 4\nprint(baseline * 2)\n"
        XCTAssertEqual(resolved(own, "baseline", occurrence: 1), .global)
        XCTAssertEqual(try run(own), ["8"])
    }

    func testServiceMemberBaseIsTheServiceGlobal() {
        let source = """
            service api {
              signal error_rate = ratio(series("errors_total"), series("requests_total"), 5m)
            }
            when api.error_rate > 5% for 5m then page("oncall", "errors")

            """
        XCTAssertEqual(resolved(source, "api", occurrence: 1), .global)
        XCTAssertEqual(resolved(source, "page", occurrence: 0), .builtin("page", overloads: nil))
    }

    /// A program loaded without a check is checked by the interpreter: a name nobody
    /// declared has no resolution, and the compiler refuses it rather than look it up.
    func testUncheckedProgramIsCheckedBeforeItCompiles() {
        let session = VigilSession()
        let (program, _) = Parser.parse(SourceFile(path: "unchecked.vigil", text: "let total = 2\nprint(totl + 1)\n"))
        XCTAssertThrowsError(try session.load(program)) { error in
            XCTAssertEqual((error as? RuntimeError)?.message, "unknown name `totl`")
        }
        XCTAssertNil(session.interpreter.resolutions(of: program, resolver: nil)["unchecked.vigil", "totl", at: SourceRange(20, 24)])
    }

    /// A REPL line is checked against the session's earlier globals, which shadow builtins.
    func testLaterInputsSeeEarlierGlobals() throws {
        let session = VigilSession()
        try session.load(Parser.parse(SourceFile(path: "<input 1>", text: "let len = 3\nfn abs(x) = x * 100\n")).0)
        try session.interpreter.run()
        let file = SourceFile(path: "<input 2>", text: "len + abs(1)")
        let line = try XCTUnwrap(Parser.parse(file).0.loneExpression)
        XCTAssertEqual(try session.interpreter.evaluate(expression: line, in: file).literal, "103")
    }
}
