import Foundation
import VigilCheck
import VigilLib
import VigilSyntax
import XCTest

/// Every input that ever crashed the `check` fuzz target (fuzz/regressions/check) now gets
/// located errors from the parser, or the checker's diagnostics: never a crash. Programs
/// at the nesting limit pass through the checker too.
final class CheckFuzzRegressionTests: XCTestCase {
    private let regressions = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fuzz/regressions/check")

    func testCheckRegressions() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: regressions.path).sorted()
        XCTAssertFalse(names.isEmpty)
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: regressions.appendingPathComponent(name)))
            guard case .success(let file) = SourceFile.decode(path: name, bytes: bytes) else { continue }
            let (program, diagnostics) = Parser.parse(file)
            if diagnostics.contains(where: { $0.severity == .error }) {
                XCTAssertTrue(diagnostics.allSatisfy { $0.range.end <= file.bytes.count + 1 }, name)
                continue
            }
            _ = Checker.check(program, loader: nil, options: Engines.checkOptions(available: Set(Feature.allCases)))
        }
    }

    func testTheDeepListIsRefusedByTheParser() throws {
        let bytes = [UInt8](try Data(contentsOf: regressions.appendingPathComponent("deep-list")))
        let (_, diagnostics) = Parser.parse(SourceFile(path: "deep-list.vigil", text: String(decoding: bytes, as: UTF8.self)))
        XCTAssertEqual(summaries(diagnostics), ["1:265: expression nested too deeply (more than 256 levels)"
                                                + " | hint: split it into smaller parts with `let` bindings or functions"])
    }

    func testTheCheckerHandlesNestingAtTheLimit() {
        let deep = "let x = " + String(repeating: "(", count: 250) + "1" + String(repeating: ")", count: 250) + "\n"
            + "let s = " + Array(repeating: "1", count: 250).joined(separator: " + ") + "\n"
            + "fn f(x) {\n" + String(repeating: "if x > 0 {\n", count: 250) + "return 1\n" + String(repeating: "}\n", count: 250) + "}\n"
        XCTAssertEqual(summaries(checkSource(deep)), [])
    }
}
