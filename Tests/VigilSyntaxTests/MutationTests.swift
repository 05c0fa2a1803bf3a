import Foundation
import VigilEngines
import XCTest
@testable import VigilSyntax

/// Thousands of broken variants of valid programs: the parser must never crash or hang,
/// and every diagnostic must point inside the file and render with a location and caret.
final class MutationTests: XCTestCase {
    static let ownPrograms = [
        """
        import "./common.vigil" as common
        fn burn(slo, w = 1h) = burn_rate(slo, w) > 14.4x
        fn pick(xs) {
          let best = none
          for x in xs {
            if x.weight >= 50% and not x.paused { best = x } else if x.age < 1h { best += x } else { return none }
          }
          return best
        }
        let since = @2025-01-15T14:30:00Z - 1h30m  # a window
        let r = {service: "checkout", "weight": 10%, tags: [~"5..", !~"2.."]}
        print("cost {month_to_date("acme")} of {budget_status(acme).limit}: \\{literal\\}")
        receiver "checkout-oncall" alertmanager("http://127.0.0.1:9093")
        """,
        """
        simulate {
          seed 42
          traffic 1_000 per_second
        }
        test "écoute" {
          interval 15s
          series("http_requests_total", code: "500") = "0+30x120"
          at 5m expect pending "checkout fast burn"
          expect action page("checkout-oncall") at 7m30s
        }
        """,
    ]

    static let insertions: [String] = ["\"", "{", "}", "(", ")", "[", "]", "#", "\\", "@", "$", "_", "%", "~", "!", "é",
                                       "\n", "9", ".", ",", ":", "=", "&&", "||", "!~\"", "\t", "\r", "\u{0}", "0x"]
    static let words = Keyword.allCases.map(\.rawValue) + ["rule", "service", "canary", "when", "step", "at", "expect", "P1"]

    func testMutantsNeverCrashAndDiagnosticsAreLocated() throws {
        let programs = try TestSupport.contractFixtures().map(\.text) + Self.ownPrograms
        var random = SplitMix64(seed: UInt64(ProcessInfo.processInfo.environment["VIGIL_SEED"] ?? "") ?? 7_302)
        var checked = 0, accepted = 0
        let started = Date()
        for round in 0..<3_000 {
            let original = programs[round % programs.count]
            var text = original
            for _ in 0..<(1 + random.below(3)) { text = mutate(text, &random) }
            let file = SourceFile(path: "mutant.vigil", text: text)
            let (program, diagnostics) = Parser.parse(file)
            checked += 1
            if diagnostics.isEmpty {
                accepted += 1
                if let failure = TestSupport.roundTripFailure(text) {
                    XCTFail("accepted mutant \(round) does not round-trip:\n\(text)\n\(failure)")
                }
                _ = Formatter.format(program)
            }
            for d in diagnostics {
                let where_ = "mutant \(round):\n\(text)\n\(d.render())"
                XCTAssertTrue(d.range.start >= 0 && d.range.start <= file.bytes.count, where_)
                XCTAssertTrue(d.range.end >= d.range.start && d.range.end <= file.bytes.count, where_)
                let lines = d.render().split(separator: "\n", omittingEmptySubsequences: false)
                let loc = d.location
                XCTAssertTrue(lines[0].hasPrefix("mutant.vigil:\(loc.line):\(loc.column): error: "), where_)
                XCTAssertGreaterThanOrEqual(lines.count, 4, where_)
                if lines.count >= 4 {
                    let caretLine = lines[3].drop { $0 == " " }
                    XCTAssertTrue(caretLine.hasPrefix("| ") && caretLine.contains("^"), where_)
                }
            }
        }
        XCTAssertEqual(checked, 3_000)
        XCTAssertGreaterThan(accepted, 0, "some mutants (for example a duplicated name) stay valid")
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "the parser must stay fast on broken input")
    }

    /// One random edit at the token level (so edits land on meaningful boundaries) or the byte level.
    private func mutate(_ text: String, _ random: inout SplitMix64) -> String {
        var lexer = Lexer(file: SourceFile(path: "m", text: text))
        let tokens = lexer.tokenize().filter { $0.kind != .eof }
        var bytes = Array(text.utf8)
        guard !tokens.isEmpty else { return text + Self.insertions[random.below(Self.insertions.count)] }
        let t = tokens[random.below(tokens.count)]
        let piece = Array(bytes[t.range.start..<t.range.end])
        switch random.below(7) {
        case 0: bytes.removeSubrange(t.range.start..<t.range.end)
        case 1: bytes.insert(contentsOf: piece + [UInt8(ascii: " ")], at: t.range.start)
        case 2:
            let u = tokens[random.below(tokens.count)]
            guard u.range.start >= t.range.end else { return text }
            let other = Array(bytes[u.range.start..<u.range.end])
            bytes.replaceSubrange(u.range.start..<u.range.end, with: piece)
            bytes.replaceSubrange(t.range.start..<t.range.end, with: other)
        case 3: bytes.insert(contentsOf: Array(Self.insertions[random.below(Self.insertions.count)].utf8), at: random.below(bytes.count + 1))
        case 4: bytes.insert(contentsOf: Array((" " + random.pick(Self.words) + " ").utf8), at: t.range.start)
        case 5: bytes.removeSubrange(random.below(bytes.count + 1)..<bytes.count)
        default:
            // Unbalance brackets: drop a closing one or add an opening one.
            if let close = bytes.indices.filter({ "})]".utf8.contains(bytes[$0]) }).last, random.chance(0.5) {
                bytes.remove(at: close)
            } else {
                bytes.insert(random.pick(Array("{([".utf8)), at: t.range.start)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
