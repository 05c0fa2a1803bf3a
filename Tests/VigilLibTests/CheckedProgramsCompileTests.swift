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
