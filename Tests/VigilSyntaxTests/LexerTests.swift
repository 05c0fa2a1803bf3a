import XCTest
@testable import VigilSyntax

/// Every literal form of the contract's §1: its value, dimension, style and printed form.
final class LexerTests: XCTestCase {
    private func tokens(_ text: String) -> ([TokenKind], [Diagnostic]) {
        var lexer = Lexer(file: SourceFile(path: "t.vigil", text: text))
        let kinds = lexer.tokenize().map(\.kind).filter { $0 != .eof }
        return (kinds, lexer.diagnostics)
    }

    private func quantity(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Quantity? {
        let (kinds, diagnostics) = tokens(text)
        XCTAssertTrue(diagnostics.isEmpty, diagnostics.map { $0.render() }.joined(), file: file, line: line)
        guard kinds.count == 1, case .quantity(let q) = kinds[0] else {
            XCTFail("`\(text)` is not one quantity: \(kinds)", file: file, line: line)
            return nil
        }
        return q
    }

    private func assertQuantity(_ text: String, _ value: Double, _ dimension: VigilSyntax.Dimension, _ style: QuantityStyle = .plain,
                                prints: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let q = quantity(text, file: file, line: line) else { return }
        XCTAssertEqual(q.value, value, accuracy: abs(value) * 1e-12, "value of \(text)", file: file, line: line)
        XCTAssertEqual(q.dimension, dimension, "dimension of \(text)", file: file, line: line)
        XCTAssertEqual(q.style, style, "style of \(text)", file: file, line: line)
        XCTAssertEqual(q.description, prints, "display of \(text)", file: file, line: line)
    }

    func testNumbers() {
        assertQuantity("42", 42, .number, prints: "42")
        assertQuantity("3.14", 3.14, .number, prints: "3.14")
        assertQuantity("1_000", 1000, .number, prints: "1000")
        assertQuantity("2e-3", 0.002, .number, prints: "0.002")
        assertQuantity("1E+2", 100, .number, prints: "100")
        assertQuantity("0.5%", 0.005, .number, .percent, prints: "0.5%")
        assertQuantity("150%", 1.5, .number, .percent, prints: "150%")
        assertQuantity("14.4x", 14.4, .number, .multiplier, prints: "14.4x")
    }

    func testDurations() {
        assertQuantity("250ms", 0.25, .duration, prints: "250ms")
        assertQuantity("30s", 30, .duration, prints: "30s")
        assertQuantity("10m", 600, .duration, prints: "10m")
        assertQuantity("1h", 3600, .duration, prints: "1h")
        assertQuantity("1d", 86_400, .duration, prints: "1d")
        assertQuantity("1w", 604_800, .duration, prints: "1w")
        assertQuantity("1h30m", 5400, .duration, prints: "1h30m")
        assertQuantity("7m30s", 450, .duration, prints: "7m30s")
        assertQuantity("90m", 5400, .duration, prints: "1h30m")
    }

    func testMoneyAndBytes() {
        assertQuantity("$1800", 1800, .money, prints: "$1800")
        assertQuantity("$0.0004", 0.0004, .money, prints: "$0.0004")
        assertQuantity("$1_800.50", 1800.5, .money, prints: "$1800.50")
        assertQuantity("512KB", 512_000, .bytes, .bytesSI, prints: "512KB")
        assertQuantity("10MB", 10_000_000, .bytes, .bytesSI, prints: "10MB")
        assertQuantity("2GB", 2e9, .bytes, .bytesSI, prints: "2GB")
        assertQuantity("1TB", 1e12, .bytes, .bytesSI, prints: "1TB")
        assertQuantity("512KiB", 524_288, .bytes, .bytesIEC, prints: "512KiB")
        assertQuantity("10MiB", 10_485_760, .bytes, .bytesIEC, prints: "10MiB")
        assertQuantity("2GiB", 2_147_483_648, .bytes, .bytesIEC, prints: "2GiB")
        assertQuantity("1TiB", 1_099_511_627_776, .bytes, .bytesIEC, prints: "1TiB")
    }

    func testTimestamps() {
        assertQuantity("@2025-01-15T14:30:00Z", 1_736_951_400, .timestamp, prints: "@2025-01-15T14:30:00Z")
        assertQuantity("@2025-01-15", 1_736_899_200, .timestamp, prints: "@2025-01-15T00:00:00Z")
        assertQuantity("@2025-01-15T16:30:00+02:00", 1_736_951_400, .timestamp, prints: "@2025-01-15T14:30:00Z")
        assertQuantity("@2025-01-15T14:30Z", 1_736_951_400, .timestamp, prints: "@2025-01-15T14:30:00Z")
        assertQuantity("@2024-02-29T00:00:00.5Z", 1_709_164_800.5, .timestamp, prints: "@2024-02-29T00:00:00.5Z")
    }

    func testStringsRegexesAndWords() {
        XCTAssertEqual(tokens(#""a\nb\t\"\\\{\}""#).0, [.string([.text("a\nb\t\"\\{}")])])
        XCTAssertEqual(tokens(#""checkout {candidate} at {p + 1}%""#).0,
                       [.string([.text("checkout "), .code("candidate", offset: 11), .text(" at "), .code("p + 1", offset: 26), .text("%")])])
        XCTAssertEqual(tokens(#"~"5.." !~"a\"b""#).0, [.regex("5..", negated: false), .regex(#"a\"b"#, negated: true)])
        XCTAssertEqual(tokens("true false none P1 P4 P5 when canary").0,
                       [.keyword(.true), .keyword(.false), .keyword(.none), .severity(1), .severity(4),
                        .identifier("P5"), .keyword(.when), .identifier("canary")])
        XCTAssertEqual(tokens("a != b <= c += 1 -= 2").0,
                       [.identifier("a"), .symbol(.ne), .identifier("b"), .symbol(.le), .identifier("c"), .symbol(.plusAssign),
                        .quantity(Quantity(1)), .symbol(.minusAssign), .quantity(Quantity(2))])
    }

    func testNewlinesCountOutsideParenthesesAndBrackets() {
        XCTAssertEqual(tokens("f(a,\n b)\n[1,\n2]\n{\n}").0,
                       [.identifier("f"), .symbol(.lparen), .identifier("a"), .symbol(.comma), .identifier("b"), .symbol(.rparen),
                        .newline, .symbol(.lbracket), .quantity(Quantity(1)), .symbol(.comma), .quantity(Quantity(2)),
                        .symbol(.rbracket), .newline, .symbol(.lbrace), .newline, .symbol(.rbrace)])
    }

    func testCommentsAreKeptWithTheirPlacement() {
        var lexer = Lexer(file: SourceFile(path: "t.vigil", text: "# own\nlet x = 1  # trailing  \n  # indented\n"))
        _ = lexer.tokenize()
        XCTAssertEqual(lexer.comments.map(\.text), ["# own", "# trailing", "# indented"])
        XCTAssertEqual(lexer.comments.map(\.ownLine), [true, false, true])
    }
}
