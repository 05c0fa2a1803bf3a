import XCTest
@testable import VigilSyntax

/// Values print back in their literal form (LANGUAGE.md §1).
final class QuantityFormatTests: XCTestCase {
    private func lexed(_ text: String) -> Quantity? {
        var lexer = Lexer(file: SourceFile(path: "t.vigil", text: text))
        let tokens = lexer.tokenize()
        guard lexer.diagnostics.isEmpty, case .quantity(let q) = tokens.first?.kind else { return nil }
        return q
    }

    func testLiteralsPrintAsWritten() {
        let cases: [(String, String)] = [
            ("2", "2"), ("3.14", "3.14"), ("1_000", "1000"), ("2e-3", "0.002"),
            ("0.5%", "0.5%"), ("99.9%", "99.9%"), ("14.4x", "14.4x"),
            ("250ms", "250ms"), ("30s", "30s"), ("10m", "10m"), ("1h", "1h"), ("1d", "1d"), ("1w", "1w"),
            ("1h30m", "1h30m"), ("7m30s", "7m30s"), ("90s", "1m30s"),
            ("$1800", "$1800"), ("$0.0004", "$0.0004"), ("$1_800.50", "$1800.50"),
            ("512KB", "512KB"), ("10MB", "10MB"), ("2GB", "2GB"), ("1TB", "1TB"),
            ("512KiB", "512KiB"), ("10MiB", "10MiB"), ("2GiB", "2GiB"), ("1TiB", "1TiB"),
            ("@2025-01-15T14:30:00Z", "@2025-01-15T14:30:00Z"), ("@2025-01-15", "@2025-01-15T00:00:00Z"),
            ("@2025-01-15T16:30:00+02:00", "@2025-01-15T14:30:00Z"),
        ]
        for (text, shown) in cases {
            XCTAssertEqual(lexed(text)?.description, shown, text)
        }
    }

    /// From `largeDuration` up, plain seconds in the shortest form that reads back exactly.
    func testHugeAndTinyDurationsPrintAsExactSeconds() {
        XCTAssertEqual(QuantityFormat.duration(1e300), "1e+300s")
        XCTAssertEqual(QuantityFormat.duration(-1e17), "-1e+17s")
        XCTAssertEqual(QuantityFormat.duration(1e10), "10000000000s")
        XCTAssertEqual(QuantityFormat.duration(9e9), "14880w6d16h")
        XCTAssertEqual(QuantityFormat.duration(9e9 + 0.25), "14880w6d16h250ms")
        XCTAssertEqual(QuantityFormat.duration(1e-9), "1e-09s")
        XCTAssertEqual(lexed("1e+300s")?.value, 1e300)
        XCTAssertEqual(lexed("1e-09s")?.value, 1e-9)
    }

    /// RFC 3339 has four-digit years; outside them a timestamp prints as an exact offset
    /// from the epoch, never with its year cut to 32 bits.
    func testOutOfRangeTimestampsPrintAsAnOffsetFromTheEpoch() {
        let at = lexed("@2025-01-15")!.value
        XCTAssertEqual(QuantityFormat.timestamp(at - 1e17), "1970-01-01T00:00:00Z - 9.99999982631008e+16s")
        XCTAssertEqual(QuantityFormat.timestamp(1e300), "1970-01-01T00:00:00Z + 1e+300s")
        XCTAssertEqual(QuantityFormat.timestamp(253_402_300_800), "1970-01-01T00:00:00Z + 253402300800s")
        XCTAssertEqual(QuantityFormat.timestamp(253_402_300_799), "9999-12-31T23:59:59Z")
        XCTAssertEqual(QuantityFormat.timestamp(-62_167_219_200), "0000-01-01T00:00:00Z")
        XCTAssertEqual(QuantityFormat.timestamp(.nan), "NaN")
        XCTAssertEqual(QuantityFormat.timestamp(-.infinity), "-Inf")
    }

    func testFractionalSecondsRoundToMilliseconds() {
        let at = lexed("@2025-01-15")!.value
        XCTAssertEqual(QuantityFormat.timestamp(at + 0.25), "2025-01-15T00:00:00.25Z")
        XCTAssertEqual(QuantityFormat.timestamp(at + 0.0004), "2025-01-15T00:00:00Z")
        XCTAssertEqual(QuantityFormat.timestamp(at + 59.9996), "2025-01-15T00:01:00Z")
    }

    func testValuesAndDimensions() {
        XCTAssertEqual(lexed("0.5%"), Quantity(0.005, style: .percent))
        XCTAssertEqual(lexed("1h30m"), Quantity(5400, .duration))
        XCTAssertEqual(lexed("10MiB"), Quantity(10 * 1_048_576, .bytes, style: .bytesIEC))
        XCTAssertEqual(lexed("@1970-01-02")?.value, 86_400)
        XCTAssertEqual(lexed("$1_800.50")?.value, 1800.5)
    }

    func testArithmeticResultsPrintCleanly() {
        XCTAssertEqual(QuantityFormat.number(0.1 + 0.2), "0.3")
        XCTAssertEqual(QuantityFormat.duration(0.1 + 0.2), "300ms")
        XCTAssertEqual(QuantityFormat.duration(-90), "-1m30s")
        XCTAssertEqual(QuantityFormat.duration(0), "0s")
        XCTAssertEqual(QuantityFormat.duration(0.0005), "0.5ms")
        XCTAssertEqual(QuantityFormat.money(-5), "-$5")
        XCTAssertEqual(QuantityFormat.number(.infinity), "Inf")
        XCTAssertEqual(Quantity(1 - 0.999, style: .percent).description, "0.1%")
    }
}
