import XCTest
@testable import VigilSyntax

/// Every input that ever crashed the `parse` or `fmt` fuzz target (fuzz/regressions/) now
/// gets located errors, or parses and survives the formatter's round trip.
final class FuzzRegressionTests: XCTestCase {
    static func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let dir = TestSupport.repositoryRoot.appendingPathComponent("fuzz/regressions/\(target)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        return try names.map { ($0, [UInt8](try Data(contentsOf: dir.appendingPathComponent($0)))) }
    }

    private func replay(_ target: String) throws {
        let inputs = try Self.inputs(target)
        XCTAssertFalse(inputs.isEmpty, "fuzz/regressions/\(target) is empty")
        for (name, bytes) in inputs {
            let file: SourceFile
            switch SourceFile.decode(path: name, bytes: bytes) {
            case .success(let decoded): file = decoded
            case .failure(let notUTF8):
                XCTAssertTrue(notUTF8.message.hasPrefix("the file is not UTF-8 text"), name)
                continue
            }
            let (program, diagnostics) = Parser.parse(file)
            XCTAssertLessThanOrEqual(diagnostics.count, Diagnostic.maxPerFile + 1, name)
            for d in diagnostics {
                XCTAssertLessThanOrEqual(d.range.end, file.bytes.count + 1, name)
                XCTAssertLessThan(d.render().count, 1000, name)
            }
            if diagnostics.isEmpty { XCTAssertNil(TestSupport.roundTripFailure(file.text), name) }
            _ = Formatter.format(program)
        }
    }

    func testParseRegressions() throws { try replay("parse") }
    func testFmtRegressions() throws { try replay("fmt") }

    func testTheKnownCrashesNowGiveTheseErrors() throws {
        let expected = [
            "deep-parens": "deep-parens:1:265: error: expression nested too deeply (more than 256 levels)",
            "flat-sum": "flat-sum:1:520: error: expression nested too deeply (more than 256 levels)",
            "nested-if": "nested-if:257:4: error: expression nested too deeply (more than 256 levels)",
            "question-marks": "question-marks:1:1: error: unexpected character `?`",
            "not-utf8": "not-utf8:2:13: error: the file is not UTF-8 text: its first bad byte, 0xE9, is at 2:13",
        ]
        for (name, bytes) in try Self.inputs("parse") {
            let first: Diagnostic?
            switch SourceFile.decode(path: name, bytes: bytes) {
            case .success(let file): first = Parser.parse(file).1.first
            case .failure(let d): first = d
            }
            XCTAssertEqual(first?.headline, expected[name], name)
        }
    }
}
