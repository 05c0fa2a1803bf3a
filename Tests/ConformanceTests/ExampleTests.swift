import Foundation
import XCTest

/// Every file in `examples/` has a sidecar `NAME.expected`: the command line, the exit code and
/// the exact output. Set VIGIL_UPDATE_GOLDEN=1 to rewrite them after an intended change
/// (and read the diff before committing).
final class ExampleTests: XCTestCase {
    static func vigilFiles(under folder: String) -> [String] {
        let root = VigilBinary.repoRoot.appendingPathComponent(folder)
        guard let e = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return e.compactMap { $0 as? String }.filter { $0.hasSuffix(".vigil") }.sorted().map { "\(folder)/\($0)" }
    }

    /// Parses `$ vigil ARGS…` / `exit N` / output.
    struct Expectation {
        var args: [String]
        var status: Int32
        var output: String

        init?(_ text: String) {
            let lines = text.components(separatedBy: "\n")
            guard lines.count >= 2, lines[0].hasPrefix("$ vigil "), lines[1].hasPrefix("exit "),
                  let status = Int32(lines[1].dropFirst(5)) else { return nil }
            args = lines[0].dropFirst(8).split(separator: " ").map(String.init)
            self.status = status
            output = lines.dropFirst(2).joined(separator: "\n")
        }

        static func render(args: [String], status: Int32, output: String) -> String {
            "$ vigil \(args.joined(separator: " "))\nexit \(status)\n\(output)"
        }
    }

    func testExamplesProduceTheirExpectedOutput() throws {
        let files = Self.vigilFiles(under: "examples")
        XCTAssertFalse(files.isEmpty, "no examples found")
        let update = ProcessInfo.processInfo.environment["VIGIL_UPDATE_GOLDEN"] == "1"
        for file in files {
            let expectedPath = VigilBinary.repoRoot.appendingPathComponent(String(file.dropLast(6)) + ".expected")
            guard let text = try? String(contentsOf: expectedPath, encoding: .utf8), let exp = Expectation(text) else {
                XCTFail("\(file) has no valid \(expectedPath.lastPathComponent) (first line `$ vigil …`, second `exit N`)")
                continue
            }
            let result = try VigilBinary.run(exp.args)
            if update {
                try Expectation.render(args: exp.args, status: result.status, output: result.combined)
                    .write(to: expectedPath, atomically: true, encoding: .utf8)
                continue
            }
            XCTAssertEqual(result.status, exp.status, "\(file): exit status\n\(result.combined)")
            XCTAssertEqual(result.combined, exp.output, "\(file): output differs")
        }
    }

    /// A stdlib module is a library: it checks and loads with no error and no output.
    func testStdlibModulesCheckAndLoadCleanly() throws {
        let files = Self.vigilFiles(under: "stdlib")
        XCTAssertFalse(files.isEmpty, "no stdlib modules found")
        for file in files {
            let result = try VigilBinary.run(["run", file])
            XCTAssertEqual(result.status, 0, "\(file):\n\(result.combined)")
            XCTAssertEqual(result.combined, "", "\(file) printed something while loading")
        }
    }

    func testExamplesAndStdlibAreFormatted() throws {
        let files = Self.vigilFiles(under: "examples") + Self.vigilFiles(under: "stdlib")
        guard !files.isEmpty else { return }
        let result = try VigilBinary.run(["fmt", "--check"] + files)
        XCTAssertEqual(result.status, 0, result.combined)
    }
}
