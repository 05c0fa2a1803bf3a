import Foundation
import XCTest
import VigilCheck
@testable import VigilLib
import VigilRuntime
import VigilSyntax

/// Check, then compile what was checked: every program the checker accepts compiles from the
/// checker's resolutions alone (the compiler looks up nothing else, so a name the checker
/// left unresolved would be "unknown name"), and runs to the values its source means.
final class CheckedProgramsCompileTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Checks `program`; loads it into a new session from the checker's resolutions and
    /// compiles its rules. The checker's errors, or the compile error, or nil.
    static func checkThenCompile(_ program: Program, loader: ModuleLoader?, output: ((String) -> Void)? = nil,
                                 run: Bool = false) -> (checked: CheckResult, compileError: String?) {
        let checked = Checker.check(program, loader: loader, options: Engines.checkOptions())
        guard !checked.hasErrors else { return (checked, nil) }
        let session = VigilSession()
        session.interpreter.output = output ?? { _ in }
        do {
            let resolver: Interpreter.ImportResolver? = loader.map { loader -> Interpreter.ImportResolver in { loader.resolve($0, from: $1) } }
            try session.load(program, resolver: resolver, checked: checked.resolutions)
            _ = try session.compileRules()
            if run { try session.interpreter.run() }
            return (checked, nil)
        } catch let e as RuntimeError {
            return (checked, e.diagnostic.render())
        } catch {
            return (checked, "\(error)")
        }
    }

    func testEveryExampleAndStdlibFileCompilesFromItsCheck() throws {
        let loader = ModuleLoader(stdlibRoots: [Self.root + "/stdlib"])
        var paths: [String] = []
        for dir in ["examples", "examples/ci", "stdlib/std"] {
            let full = Self.root + "/" + dir
            for name in try FileManager.default.contentsOfDirectory(atPath: full).sorted() where name.hasSuffix(".vigil") {
                paths.append(full + "/" + name)
            }
        }
        XCTAssertGreaterThan(paths.count, 20)
        for path in paths {
            let (parsed, parseErrors) = loader.load(path: path)
            let program = try XCTUnwrap(parsed, path)
            XCTAssertTrue(parseErrors.isEmpty, path)
            let (checked, compileError) = Self.checkThenCompile(program, loader: loader)
            XCTAssertFalse(checked.hasErrors, "\(path): \(checked.diagnostics.first?.render() ?? "")")
            XCTAssertNil(compileError, path)
            XCTAssertEqual(ResolutionCoverage.unresolved(in: program, checked.resolutions), [], path)
        }
    }

    func testGeneratedProgramsCompileAndRunAsChecked() throws {
        var accepted = 0
        for seed in 1...60 {
            var generator = ProgramGenerator(seed: UInt64(seed))
            let (source, expected) = generator.program()
            let (program, parseErrors) = Parser.parse(SourceFile(path: "generated-\(seed).vigil", text: source))
            XCTAssertTrue(parseErrors.isEmpty, "seed \(seed): \(parseErrors.first?.render() ?? "")\n\(source)")
            var printed: [String] = []
            let (checked, compileError) = Self.checkThenCompile(program, loader: nil, output: { printed.append($0) }, run: true)
            XCTAssertFalse(checked.hasErrors, "seed \(seed): \(checked.diagnostics.first?.render() ?? "")\n\(source)")
            guard !checked.hasErrors else { continue }
            accepted += 1
            XCTAssertNil(compileError, "seed \(seed)\n\(source)")
            XCTAssertEqual(printed, expected, "seed \(seed)\n\(source)")
            XCTAssertEqual(ResolutionCoverage.unresolved(in: program, checked.resolutions), [], "seed \(seed)\n\(source)")
        }
        XCTAssertEqual(accepted, 60)
    }
}

/// The names of the code a program runs (statements, functions, signals, rules) that the
/// checker left without a resolution, as `name@offset`.
enum ResolutionCoverage {
    static func unresolved(in program: Program, _ table: Resolutions) -> [String] {
        var out: [String] = []
        let path = program.file.path
        func expr(_ e: Expr) {
            switch e.kind {
            case .name(let n): if table[path, n, at: e.range] == nil { out.append("\(n)@\(e.range.start)") }
            case .string(let segments): for case .interpolation(let i) in segments { expr(i) }
            case .list(let items): items.forEach(expr)
            case .record(let fields): fields.forEach { expr($0.value) }
            case .unary(_, let x): expr(x)
            case .binary(_, let l, let r): expr(l); expr(r)
            case .call(let c, let args): expr(c); args.forEach { expr($0.value) }
            case .member(let b, _, _): expr(b)
            case .index(let b, let i): expr(b); expr(i)
            case .lambda(let f): function(f)
            default: break
            }
        }
        func function(_ f: FunctionLiteral) {
            f.params.compactMap(\.defaultValue).forEach(expr)
            switch f.body {
            case .expression(let e): expr(e)
            case .block(let b): b.stmts.forEach(stmt)
            }
        }
        func stmt(_ s: Stmt) {
            switch s.kind {
            case .let(_, _, let v), .expr(let v): expr(v)
            case .assign(let n, let r, _, let v):
                if table[path, n, at: r] == nil { out.append("\(n)@\(r.start)") }
                expr(v)
            case .if(let branches, let other):
                for b in branches { expr(b.condition); b.body.stmts.forEach(stmt) }
                other?.stmts.forEach(stmt)
            case .for(_, _, let iterable, let body): expr(iterable); body.stmts.forEach(stmt)
            case .return(let v): v.map(expr)
            case .function(let f): function(f.function)
            }
        }
        func rule(_ r: RuleDecl) {
            expr(r.condition)
            (r.actions + r.resolveActions).forEach(expr)
        }
        for decl in program.decls {
            switch decl.kind {
            case .statement(let s): stmt(s)
            case .rule(let r): rule(r)
            case .block(let b):
                for item in b.items {
                    switch item.kind {
                    case .signal(_, _, let v): expr(v)
                    case .rule(let r): rule(r)
                    case .statement(let s): stmt(s)
                    case .requirement(let r): expr(r.condition)
                    default: break
                    }
                }
            default: break
            }
        }
        return out
    }
}
