import Foundation
import XCTest

/// The README's promises: its `vigil` snippets run, and the error it quotes is the error users get.
final class ReadmeTests: XCTestCase {
    static func snippets() throws -> [String] {
        let readme = try String(contentsOf: VigilBinary.repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var out: [String] = []
        var current: [String]? = nil
        for line in readme.components(separatedBy: "\n") {
            if current == nil, line == "```vigil" { current = [] }
            else if current != nil, line == "```" { out.append(current!.joined(separator: "\n") + "\n"); current = nil }
            else if current != nil { current!.append(line) }
        }
        return out
    }

    /// A snippet runs as its first line says (`# $ vigil check --data … FILE`, from the
    /// repository root); otherwise `check` when it holds a policy, else `run`.
    static func commandLine(of snippet: String, file: String) -> [String] {
        let first = snippet.prefix { $0 != "\n" }
        guard first.hasPrefix("# $ vigil ") else {
            // A snippet with a `test` block is proved by its own expectations.
            let command = snippet.contains("\ntest \"") ? "test" : snippet.contains("policy \"") ? "check" : "run"
            return [command, file]
        }
        return first.dropFirst(10).split(separator: " ").map { $0 == "FILE" ? file : String($0) }
    }

    func testReadmeSnippetsRun() throws {
        let snippets = try Self.snippets()
        XCTAssertGreaterThanOrEqual(snippets.count, 4)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-readme-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (i, snippet) in snippets.enumerated() {
            let file = dir.appendingPathComponent("snippet\(i).vigil")
            try snippet.write(to: file, atomically: true, encoding: .utf8)
            let result = try VigilBinary.run(Self.commandLine(of: snippet, file: file.path))
            XCTAssertEqual(result.status, 0, "README snippet \(i) failed:\n\(snippet)\n\(result.combined)")
            XCTAssertFalse(result.stdout.isEmpty, "README snippet \(i) printed nothing")
        }
    }

    func testReadmeQuotedUnitErrorIsReal() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-readme-err-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("unit.vigil")
        try "let timeout = 10m\nprint(timeout + 5%)\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try VigilBinary.run(["run", file.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("cannot add a number (5%) to a duration (timeout)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("did you mean timeout * 105%?"), result.stderr)
        XCTAssertTrue(result.stderr.contains("unit.vigil:2:7: error:"), result.stderr)
    }

    /// The command table's `--format` lists are the formats the commands accept.
    func testReadmeFormatListsMatchTheCommands() throws {
        let readme = try String(contentsOf: VigilBinary.repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
        for command in ["check", "test"] {
            let row = try XCTUnwrap(readme.components(separatedBy: "\n").first { $0.hasPrefix("| `vigil \(command) ") }, command)
            let listed = try XCTUnwrap(row.range(of: "--format ").map { row[$0.upperBound...].prefix { $0 != "]" } }, row)
            let help = try VigilBinary.run([command, "--help"]).stdout.replacingOccurrences(of: "\n", with: " ")
                .replacingOccurrences(of: #" +"#, with: " ", options: .regularExpression)
            let values = try XCTUnwrap(help.range(of: "(values: ").map { help[$0.upperBound...].prefix { $0 != ";" } }, help)
            XCTAssertEqual(listed.replacingOccurrences(of: "\\|", with: ", "), String(values), command)
        }
    }
}
