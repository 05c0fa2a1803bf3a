import XCTest
@testable import VigilSyntax

/// Reports stay readable on hostile input: errors per file are capped, long lines are cut
/// around the caret, and a file that is not UTF-8 says where its first bad byte is.
final class ReportLimitTests: XCTestCase {
    func testErrorsPerFileAreCappedWithACount() {
        let (_, diagnostics) = TestSupport.parse(String(repeating: "?", count: 20000))
        XCTAssertEqual(diagnostics.count, 51)
        XCTAssertEqual(diagnostics[49].headline, "t.vigil:1:50: error: unexpected character `?`")
        XCTAssertEqual(diagnostics[50].headline, "t.vigil:1:51: note: … and 19,950 more errors")
        XCTAssertEqual(diagnostics[50].hint, "fix the errors above first; later ones are often caused by them")
    }

    func testAFewErrorsAreAllKept() {
        XCTAssertEqual(TestSupport.parse(String(repeating: "?\n", count: 50)).1.count, 50)
    }

    func testCountsAreGroupedByThousands() {
        XCTAssertEqual(Diagnostic.grouped(7), "7")
        XCTAssertEqual(Diagnostic.grouped(19950), "19,950")
        XCTAssertEqual(Diagnostic.grouped(1_234_567), "1,234,567")
    }

    func testAHugeLineIsCutAroundTheCaret() {
        let text = "let x = " + String(repeating: "a + ", count: 3000) + "?"
        let rendered = TestSupport.parse(text).1[0].render()
        // The last 120 characters, the caret on the last one.
        XCTAssertEqual(rendered, """
            t.vigil:1:12009: error: unexpected character `?`
              |
            1 | …\(String(text.suffix(120)))
              | \(String(repeating: " ", count: 120))^
            """)
    }

    func testTheCaretStaysUnderItsCharacterInTheMiddleOfALongLine() {
        let text = String(repeating: "x", count: 500) + "?" + String(repeating: "y", count: 500)
        let lines = TestSupport.parse(text).1[0].render().split(separator: "\n", omittingEmptySubsequences: false)
        let source = Array(lines[2].dropFirst(4)), caret = Array(lines[3].dropFirst(4))
        XCTAssertEqual(source.count, 122)  // 120 characters and a `…` at each cut end
        XCTAssertEqual(source.first, "…")
        XCTAssertEqual(source.last, "…")
        XCTAssertEqual(caret.firstIndex(of: "^"), source.firstIndex(of: "?"))
    }

    func testAShortLineIsShownWhole() {
        XCTAssertEqual(TestSupport.rendered("let x = ?"), """
            t.vigil:1:9: error: unexpected character `?`
              |
            1 | let x = ?
              |         ^
            """)
    }

    func testAFileThatIsNotUTF8NamesItsFirstBadByte() {
        let bytes = Array("let x = 1\nlet y = \"caf".utf8) + [0xE9] + Array("\"\n".utf8)
        guard case .failure(let d) = SourceFile.decode(path: "t.vigil", bytes: bytes) else { return XCTFail("decoded") }
        XCTAssertEqual(d.headline, "t.vigil:2:13: error: the file is not UTF-8 text: its first bad byte, 0xE9, is at 2:13")
        XCTAssertEqual(d.hint, "save the file as UTF-8 (for example `iconv -f LATIN1 -t UTF-8`)")
    }

    func testValidUTF8DecodesToTheSameText() throws {
        let text = "let café = \"naïve — ✓\"\n"
        guard case .success(let file) = SourceFile.decode(path: "t.vigil", bytes: Array(text.utf8)) else { return XCTFail("refused") }
        XCTAssertEqual(file.text, text)
        XCTAssertNil(SourceFile.firstInvalidUTF8(Array(text.utf8)))
        XCTAssertEqual(SourceFile.firstInvalidUTF8([0x61, 0xC3]), 1)  // a sequence cut short
        XCTAssertEqual(SourceFile.firstInvalidUTF8([0xED, 0xA0, 0x80]), 0)  // an encoded surrogate
    }
}
