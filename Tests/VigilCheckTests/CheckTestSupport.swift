import Foundation
import VigilCheck
import VigilLib
import VigilSyntax
import XCTest

/// Parses and checks a small program; the parse must succeed so each test isolates one checker error.
/// The checker sees the surface the library builds from the registered engines (`Engines.surface`).
func checkSource(_ source: String, features: Set<Feature> = Set(Feature.allCases), loader: ModuleLoader? = nil,
                 path: String = "test.vigil", file: StaticString = #filePath, line: UInt = #line) -> [Diagnostic] {
    let (program, parseErrors) = Parser.parse(SourceFile(path: path, text: source))
    XCTAssertEqual(parseErrors.map(\.headline), [], "the test program must parse", file: file, line: line)
    return Checker.check(program, loader: loader, options: Engines.checkOptions(available: features)).diagnostics
}

/// `line:col: message` and, when present, `hint: …` — the parts of a report a user reads first.
func summaries(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.map { d in
        "\(d.location): \(d.message)" + (d.hint.map { " | hint: \($0)" } ?? "")
    }
}

/// The directory of the contract snippets.
let contractFixtures: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/contract")

func fixture(_ name: String) -> String {
    (try? String(contentsOf: contractFixtures.appendingPathComponent(name + ".vigil"), encoding: .utf8)) ?? ""
}
