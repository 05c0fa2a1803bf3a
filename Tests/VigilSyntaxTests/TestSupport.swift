import Foundation
import XCTest
@testable import VigilSyntax

/// Shared helpers: parsing snippets, rendering their diagnostics, finding fixture files.
enum TestSupport {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func parse(_ text: String, path: String = "t.vigil") -> (Program, [Diagnostic]) {
        Parser.parse(SourceFile(path: path, text: text))
    }

    /// Every diagnostic of `text`, rendered, joined by blank lines.
    static func rendered(_ text: String) -> String {
        parse(text).1.map { $0.render() }.joined(separator: "\n\n")
    }

    static func format(_ text: String) -> String { Formatter.format(parse(text).0) }

    static func contractFixtures() throws -> [(name: String, text: String)] {
        let dir = repositoryRoot.appendingPathComponent("Tests/Fixtures/contract")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".vigil") }.sorted()
        return try names.map { ($0, try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// Why `text` does not survive formatting, or nil when it round-trips: the output
    /// parses cleanly to the same tree, formats to itself, and keeps every comment.
    static func roundTripFailure(_ text: String) -> String? {
        let (program, _) = parse(text)
        let once = Formatter.format(program)
        let (reparsed, diagnostics) = parse(once)
        if !diagnostics.isEmpty {
            return "formatted text does not parse:\n\(once)\n" + diagnostics.map { $0.render() }.joined(separator: "\n")
        }
        if ASTDump.describe(program) != ASTDump.describe(reparsed) {
            return "tree changed:\n\(once)\nbefore: \(ASTDump.describe(program))\nafter:  \(ASTDump.describe(reparsed))"
        }
        let twice = Formatter.format(reparsed)
        if twice != once { return "not idempotent:\n\(once)\nthen:\n\(twice)" }
        for comment in program.comments where !once.contains(comment.text) {
            return "comment lost: \(comment.text)\n\(once)"
        }
        return nil
    }
}
