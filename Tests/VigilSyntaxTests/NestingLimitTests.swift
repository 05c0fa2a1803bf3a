import XCTest
@testable import VigilSyntax

/// Input nested deeper than `Parser.maxNesting` gets one located error, not a stack
/// overflow in the parser or in a later pass (the inputs that crashed are in
/// fuzz/regressions/parse and fuzz/regressions/fmt).
final class NestingLimitTests: XCTestCase {
    private let message = "expression nested too deeply (more than 256 levels)"

    /// The only diagnostic of `text`, as "line:col: message".
    private func onlyError(_ text: String) -> String {
        let (_, diagnostics) = TestSupport.parse(text)
        XCTAssertEqual(diagnostics.count, 1, diagnostics.map(\.headline).joined(separator: "\n"))
        return diagnostics.first.map { "\($0.location): \($0.message)" } ?? "no diagnostic"
    }

    func testThousandsOfParenthesesAreRefused() {
        XCTAssertEqual(onlyError("let x = " + String(repeating: "(", count: 6400) + "1" + String(repeating: ")", count: 6400)),
                       "1:265: " + message)
    }

    func testThousandsOfNestedIfsAreRefused() {
        let text = "fn f(x) {\n" + String(repeating: "if x {\n", count: 6100) + "return 1\n" + String(repeating: "}\n", count: 6100) + "}\n"
        XCTAssertEqual(onlyError(text), "257:4: " + message)
    }

    func testAFlatSumOfThousandsOfTermsIsRefused() {
        // Left-associative, so the tree is as deep as the sum is long.
        let text = "let x = " + Array(repeating: "1", count: 8600).joined(separator: "+")
        XCTAssertEqual(onlyError(text), "1:520: " + message)
    }

    func testChainedUnaryMinusIsRefused() {
        XCTAssertEqual(onlyError("let x = " + String(repeating: "-", count: 40000) + "1"), "1:264: " + message)
    }

    func testLongPostfixChainsAreRefused() {
        XCTAssertEqual(onlyError("let x = a" + String(repeating: ".b", count: 3000)), "1:520: " + message)
    }

    func testNestingInsideInterpolationsCounts() {
        let text = "let s = \"" + String(repeating: "{\"", count: 300) + "x" + String(repeating: "\"}", count: 300) + "\""
        XCTAssertTrue(onlyError(text).hasSuffix(message))
    }

    func testTheErrorCarriesAHintAndStopsTheFile() {
        let text = "let x = " + String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300) + "\nlet y = )\n"
        let (_, diagnostics) = TestSupport.parse(text)
        XCTAssertEqual(diagnostics.map(\.message), [message])
        XCTAssertEqual(diagnostics.first?.hint, "split it into smaller parts with `let` bindings or functions")
    }

    /// Just under the limit everything parses, and formats back to itself: the formatter's
    /// recursion is safe at every depth the parser accepts.
    func testNestingUnderTheLimitParsesAndFormats() {
        let cases = [
            "let x = " + String(repeating: "(", count: 250) + "1" + String(repeating: ")", count: 250),
            "let x = " + Array(repeating: "1", count: 250).joined(separator: " + "),
            "let x = " + String(repeating: "-", count: 250) + "1",
            "let x = " + String(repeating: "[", count: 250) + String(repeating: "]", count: 250),
            "fn f(x) {\n" + String(repeating: "if x {\n", count: 250) + "return 1\n" + String(repeating: "}\n", count: 250) + "}\n",
        ]
        for text in cases {
            XCTAssertEqual(TestSupport.parse(text).1.map(\.message), [], String(text.prefix(30)))
            XCTAssertNil(TestSupport.roundTripFailure(text), String(text.prefix(30)))
        }
    }

    /// Deeply nested blocks format in time proportional to the output, not its square or
    /// worse (2,000 levels took 15 s before the limit).
    func testFormattingNestedBlocksAtTheLimitIsQuick() {
        var text = "fn f(x) {\n"
        for i in 0..<250 { text += String(repeating: "  ", count: i + 1) + "if x {\n" }
        text += String(repeating: "  ", count: 251) + "return 1\n"
        for i in (0..<250).reversed() { text += String(repeating: "  ", count: i + 1) + "}\n" }
        text += "}\n"
        let started = Date()
        XCTAssertEqual(TestSupport.format(text), text)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
    }
}
