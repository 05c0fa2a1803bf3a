import Foundation
import VigilEngines
import XCTest
@testable import VigilSeries

/// A file read in parts side by side (`FastFileParts`) must add exactly what one parser
/// reading it whole adds, and give up to the exact path wherever the two could differ.
final class FastFilePartsTests: XCTestCase {
    /// Series written one after another, then interleaved, with comments, blank lines and
    /// values of every form, so part boundaries fall inside series, on comments and between.
    private func exposition(openMetrics: Bool) -> String {
        var text = "\u{FEFF}# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n"
        var generator = SplitMix64(seed: 7)
        for series in 0..<6 {
            for i in 0..<150 {
                let value = Double(generator.next() % 1_000_000) / 997
                text += "http_requests_total{code=\"\(200 + series)\",path=\"/a\\\"b\"} \(value) \(1_736_949_600 + i * 15)\n"
                if i % 40 == 0 { text += "\n# a comment inside series \(series)\n" }
            }
        }
        for i in 0..<400 {
            let series = i % 3
            let value: String = ["1.5e3", "-0.25", "NaN", "+Inf", "12345678901234567", "0.1234567890123456789"][i % 6]
            text += "latency_seconds{instance=\"i\(series)\"} \(value) \(1_736_949_600 + (i / 3) * 15)\n"
        }
        return openMetrics ? text + "# EOF\n" : text
    }

    private func write(_ text: String, _ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parts-\(UUID().uuidString)-\(name)")
        try Data(text.utf8).write(to: url)
        return url
    }

    private func outcome(_ body: () throws -> IngestReport) -> String {
        do { return "added \(try body().samples), \(try body().untimestamped) untimestamped" } catch { return "\(error)" }
    }

    func testPartsParsedSideBySideAddUpToTheWholeFilesParse() throws {
        for (name, openMetrics) in [("data.om", true), ("data.prom", false)] {
            let text = exposition(openMetrics: openMetrics)
            let url = try write(text, name)
            defer { try? FileManager.default.removeItem(at: url) }
            var exact = SeriesStore()
            let expected = try exact.ingestExactly(text: text, file: url.path, format: .exposition, defaultTimestamp: nil)
            for parts in [1, 2, 3, 5, 8] {
                // The parts really run: nothing here makes them give up.
                let fd = open(url.path, O_RDONLY)
                let starts = FastFileParts.partStarts(fd, size: text.utf8.count, parts: parts)
                close(fd)
                XCTAssertEqual(starts?.count, parts + 1, "\(name) in \(parts) parts")
                let joined = FastFileParts.parse(url.path, format: .exposition, defaultTimestamp: nil, chunkSize: 64, parts: parts)
                XCTAssertEqual(joined?.sampleCount, expected.samples, "\(name) in \(parts) parts")
                var store = SeriesStore()
                let report = try store.ingest(contentsOfFile: url.path, defaultTimestamp: nil, chunkSize: 64, parts: parts)
                XCTAssertEqual(report, expected, "\(name) in \(parts) parts")
                XCTAssertEqual(store.series, exact.series, "\(name) in \(parts) parts")
            }
        }
    }

    func testPartsGiveUpWhereOneParserWouldDifferAndTheExactPathAnswers() throws {
        let body = (0..<200).map { "m{a=\"\($0 % 2)\"} \($0) \(1000 + $0)\n" }.joined()
        let cases: [(String, String)] = [
            // `# EOF` in the middle: the exact parser names the line after it.
            (body + "# EOF\n" + body, "data.om"),
            // The second half goes back in time: the exact path sorts it.
            (body + (0..<200).map { "m{a=\"\($0 % 2)\"} \($0) \(500 + $0)\n" }.joined(), "data.prom"),
            // A duplicate sample across the halves: the exact path names both lines.
            (body + "m{a=\"1\"} 5 1199\n" + body.replacingOccurrences(of: "m{", with: "n{"), "data.prom"),
            // A malformed line in the last part.
            (body + body.replacingOccurrences(of: "m{", with: "n{") + "n{a=\"1\" 1 5000\n", "data.prom"),
            // OpenMetrics without its `# EOF`.
            (body + body.replacingOccurrences(of: "m{", with: "n{"), "data.om"),
        ]
        for (text, name) in cases {
            let url = try write(text, name)
            defer { try? FileManager.default.removeItem(at: url) }
            XCTAssertNil(FastFileParts.parse(url.path, format: .exposition, defaultTimestamp: nil, chunkSize: 64, parts: 2), text)
            var exact = SeriesStore(), parted = SeriesStore()
            let expected = outcome { try exact.ingestExactly(text: text, file: url.path, format: .exposition, defaultTimestamp: nil) }
            XCTAssertEqual(outcome { try parted.ingest(contentsOfFile: url.path, defaultTimestamp: nil, chunkSize: 64, parts: 2) }, expected)
            XCTAssertEqual(parted.series, exact.series)
        }
    }

    /// 16 to 19 significant digits take the exact long-decimal path: every one must be the
    /// double `Double(String)` reads, halfway cases (ties to even) and their neighbours included.
    func testLongDecimalsAreReadExactlyAsDoubleReadsThem() {
        var generator = SplitMix64(seed: 42)
        var texts: [String] = []
        for _ in 0..<200_000 {
            let digits = 16 + Int(generator.next() % 4)
            var mantissa = String(generator.next() % 9 + 1)
            for _ in 1..<digits { mantissa += String(generator.next() % 10) }
            let point = Int(generator.next() % UInt64(digits + 1))
            texts.append(point == digits ? mantissa : String(mantissa.prefix(point == 0 ? 1 : point)) + "." + mantissa.dropFirst(point == 0 ? 1 : point))
        }
        // Doubles written shortest, as the benchmark's files and `Double.description` write
        // them: from 2^-13 to 2^49, which it writes without an exponent.
        for _ in 0..<50_000 {
            let value = Double(bitPattern: generator.next() % 0x03E0_0000_0000_0000 + 0x3F20_0000_0000_0000)
            texts.append(value.description)
        }
        // Exact midpoints between neighbouring doubles: m (54 bits, odd) · 2^-(j+1) for
        // j = 0, 1, 2 has j + 1 decimals; also one unit above and below in the last digit.
        for j in 0..<3 {
            let five: UInt64 = [5, 25, 125][j]
            for _ in 0..<20_000 {
                let m = (generator.next() % (1 << 53)) | (1 << 53) | 1
                let scaled = String(m * five)
                for delta in [Int64(0), 1, -1] {
                    let digits = String(UInt64(Int64(m * five) + delta))
                    guard digits.count == scaled.count else { continue }
                    texts.append(String(digits.dropLast(j + 1)) + "." + digits.suffix(j + 1))
                }
            }
        }
        // The largest and smallest mantissas at every scale.
        for scale in 0...19 {
            for mantissa in ["1000000000000000", "9999999999999999999", "1844674407370955161", "9007199254740993"] where scale <= mantissa.count {
                let cut = mantissa.count - scale
                texts.append(scale == 0 ? mantissa : (cut == 0 ? "0" : String(mantissa.prefix(cut))) + "." + mantissa.suffix(scale))
            }
        }
        var mismatches: [String] = []
        var longOnes = 0
        for text in texts {
            let signed = text.count % 2 == 0 ? "-" + text : text
            let expected = Double(signed)!
            let (fast, parsed) = Array(signed.utf8).withUnsafeBufferPointer {
                (ByteFields.plainDecimal($0.baseAddress!, $0.count), ByteFields.value($0.baseAddress!, $0.count))
            }
            if parsed?.bitPattern != expected.bitPattern || (fast != nil && fast?.bitPattern != expected.bitPattern),
               mismatches.count < 10 { mismatches.append(signed) }
            if fast != nil && text.filter(\.isNumber).drop(while: { $0 == "0" }).count >= 16 { longOnes += 1 }
        }
        XCTAssertEqual(mismatches, [])
        XCTAssertGreaterThan(longOnes, 250_000, "the long decimals took the exact path, not the fallback")
    }
}

