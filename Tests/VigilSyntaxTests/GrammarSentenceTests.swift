import Foundation
import VigilEngines
import XCTest
@testable import VigilSyntax

/// Keeps grammar/vigil.ebnf and the parser in sync: random sentences derived from the
/// grammar must parse without a diagnostic and survive the formatter unchanged.
final class GrammarSentenceTests: XCTestCase {
    static let grammarURL = TestSupport.repositoryRoot.appendingPathComponent("grammar/vigil.ebnf")

    /// Names that are neither reserved nor contextual words (`at`, `signal`, `service`, …),
    /// so a generated name never changes which construct the parser sees.
    static let names = ["a", "b", "x", "error_rate", "latency_p95", "svc2", "_tmp", "Deploys", "n_1"]

    /// One generator per lexical terminal of the grammar, producing every literal form of §1.
    static let lexical: [String: (inout SplitMix64) -> String] = [
        "identifier": { $0.pick(names) },
        "number": { $0.pick(["42", "3.14", "1_000", "2e-3", "0", "7E+2", "1_000.000_5"]) },
        "percent": { $0.pick(["0.5%", "99.9%", "10%", "150%"]) },
        "multiplier": { $0.pick(["14.4x", "2x", "1_0x"]) },
        "duration": { $0.pick(["250ms", "30s", "10m", "1h", "1d", "1w", "1h30m", "7m30s", "1s500ms", "1.5h"]) },
        "money": { $0.pick(["$1800", "$0.0004", "$1_800.50", "$0"]) },
        "bytes": { $0.pick(["512KB", "10MB", "2GB", "1TB", "512KiB", "10MiB", "2GiB", "1TiB", "12B"]) },
        "timestamp": { $0.pick(["@2025-01-15T14:30:00Z", "@2025-01-15", "@2024-02-29T23:59:59.25+02:00", "@2025-06-01T08:00Z"]) },
        "string": { $0.pick([#""checkout""#, #""a \"q\" \\ \n\t""#, #""at {a} and {b.c + 1}""#, #""\{literal\}""#, #""""#,
                             #""{f(x, by: "k")}%""#]) },
        "plain_string": { $0.pick([#""checkout""#, #""fast burn""#, #""a \"q\"""#, #""std/slo""#, #""\{x\}""#]) },
        "regex": { $0.pick([#"~"5..""#, #"!~"5..""#, #"~"a\"b""#]) },
        "severity": { $0.pick(["P1", "P2", "P3", "P4"]) },
        "NL": { _ in "\n" },
    ]

    func testGrammarHasAGeneratorForEveryLexicalTerminal() throws {
        let grammar = try EBNFGrammar(text: String(contentsOf: Self.grammarURL, encoding: .utf8))
        XCTAssertEqual(Set(grammar.lexicalRules), Set(Self.lexical.keys))
        XCTAssertEqual(grammar.order.first, "program")
    }

    /// VIGIL_SEED and VIGIL_SENTENCES explore beyond the default run, e.g. after a grammar change.
    func testDerivedSentencesParseAndRoundTrip() throws {
        let grammar = try EBNFGrammar(text: String(contentsOf: Self.grammarURL, encoding: .utf8))
        var generator = SentenceGenerator(grammar: grammar, seed: UInt64(ProcessInfo.processInfo.environment["VIGIL_SEED"] ?? "") ?? 20_250_115, depthLimit: 24, lexical: Self.lexical,
                                          forbiddenFirstTokens: ["value": ["(", "-", "{"], "condition": ["{"]])
        var failures = 0
        for n in 0..<(Int(ProcessInfo.processInfo.environment["VIGIL_SENTENCES"] ?? "") ?? 500) where failures < 5 {
            let sentence = generator.sentence("program")
            let diagnostics = TestSupport.parse(sentence).1
            if !diagnostics.isEmpty {
                failures += 1
                XCTFail("sentence \(n) is rejected:\n\(sentence)\n" + diagnostics.map { $0.render() }.joined(separator: "\n"))
                continue
            }
            if let failure = TestSupport.roundTripFailure(sentence) {
                failures += 1
                XCTFail("sentence \(n) does not round-trip:\n\(sentence)\n\(failure)")
            }
        }
    }
}
