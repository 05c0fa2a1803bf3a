import Foundation
import XCTest

/// `vigil fmt -` and `vigil fmt --diff` for editors and CI, and `vigil doc --format json`.
final class FmtStreamTests: XCTestCase {
    func testStandardInputIsFormattedToStandardOutput() throws {
        let r = try VigilBinary.run(["fmt", "-"], stdin: "let   x=1+2\nfn f(a){return a*2}\n")
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertEqual(r.stdout, "let x = 1 + 2\nfn f(a) {\n  return a * 2\n}\n")
    }

    func testASyntaxErrorOnStandardInputPrintsNothingOnStandardOutput() throws {
        let r = try VigilBinary.run(["fmt", "-"], stdin: "let x = (1 +\n")
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.hasPrefix("<stdin>:"), r.stderr)
    }

    func testDiffShowsTheChangeAndLeavesTheFileAlone() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-fmt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.vigil")
        let original = "let a = 1\nlet b = 2\nlet c = 3\nlet d = 4\nlet   e=5\nlet f = 6\n"
        try original.write(to: file, atomically: true, encoding: .utf8)
        let r = try VigilBinary.run(["fmt", "--diff", file.path])
        XCTAssertEqual(r.status, 1, r.combined)
        XCTAssertEqual(r.stdout, """
            --- \(file.path)
            +++ \(file.path) (formatted)
            @@ -2,5 +2,5 @@
             let b = 2
             let c = 3
             let d = 4
            -let   e=5
            +let e = 5
             let f = 6

            """)
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), original)
        let formatted = try VigilBinary.run(["fmt", "--diff", "examples/tour.vigil"])
        XCTAssertEqual(formatted.status, 0, formatted.combined)
        XCTAssertEqual(formatted.stdout, "")
    }

    func testMixingStandardInputWithFilesIsRefused() throws {
        let r = try VigilBinary.run(["fmt", "-", "examples/tour.vigil"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "vigil fmt: error: `-` (standard input) cannot be mixed with files\n")
    }

    func testDocJSONDescribesEveryBuiltinOfTheTable() throws {
        let r = try VigilBinary.run(["doc", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.combined)
        let entries = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let rate = try XCTUnwrap(entries.first { $0["name"] as? String == "rate" })
        XCTAssertEqual(rate["signature"] as? String, "rate(s: series, w: duration) -> vector")
        XCTAssertEqual(rate["available"] as? Bool, true)
        let parameters = try XCTUnwrap(rate["parameters"] as? [[String: Any]])
        XCTAssertEqual(parameters.map { $0["name"] as? String }, ["s", "w"])
        XCTAssertEqual(parameters[1]["accepts"] as? [String], ["duration"])
        XCTAssertGreaterThan(entries.count, 100)
        let one = try VigilBinary.run(["doc", "rate", "--format", "json"])
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [Any])?.count, 1)
        let unknown = try VigilBinary.run(["doc", "ratee", "--format", "json"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertEqual(unknown.stderr, "vigil doc: no builtin or category named `ratee`; did you mean `rate`?\n")
    }
}
