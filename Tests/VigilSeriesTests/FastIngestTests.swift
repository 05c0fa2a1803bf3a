import Foundation
import XCTest
@testable import VigilSeries

/// The fast ingest path (`FastLineParser`, streamed through a small buffer so lines straddle
/// reads) must add exactly what the exact parsers add and fail with exactly their errors.
final class FastIngestTests: XCTestCase {
    let exposition: [String] = [
        "# HELP up Whether the target answers.\n# TYPE up gauge\nup{job=\"api\",instance=\"a:9\"} 1 1736949600000\nup{instance=\"a:9\",job=\"api\"} 0 1736949615000\nup 1.5e3 1736949600000\n",
        "a{x=\"q\\\"uo\\\\te\\n\"} -0.25 1736949600000\r\na{x=\"q\\\"uo\\\\te\\n\"} +Inf 1736949601000\r\nb NaN 5\n\n",
        "\u{FEFF}# TYPE m counter\nm{l=\"é\"} 3 1736949600.5\nm{l=\"é\"} 4 1736949601 # {trace=\"x\"} 1\n# EOF\n",
        "m 1 10\nm 2 10\n",                  // duplicate: the exact path names both lines
        "m 2 20\nm 1 10\n",                  // out of order: the exact path sorts
        "m{a=\"1\"} 1 10\nm{a=\"1\",a=\"2\"} 1 20\n",
        "m{a=\"1\" 1 10\n",
        "m 1 1.5\n",
        "m 1 1 # x\n",
        "m 1 1\n# EOF\nm 2 2\n",
        "m 1 1\n# EOF\n\n",
        "m 1.5 1\n# EOF",
        "# TYPE m gauge\n# UNIT m seconds\nm 1 1736949600\n",    // OpenMetrics cut short
        "# TYPE m stateset\nm{m=\"a\"} 1 1736949600\n",
        "m{a=\"1\"} 1\n",
        "m{a=\"1\"}x 1 1\n",
        "1m 1 1\n",
        "m 0x10 1\n",
        "m 1 9223372036854775807\nm 1 -9223372036854775808\n",
        "m 123456789012345678 1\nm 0.1234567890123456789 2\nm 1e400 3\n",
    ]
    let csv: [String] = [
        "timestamp,metric,code,value\n1736949600,http_requests_total,200,1\n1736949615,http_requests_total,200,2.5\n1736949615000,http_requests_total,500,3\n2025-01-15T14:00:30Z,http_requests_total,200,4\n",
        "timestamp,metric,code,path,value\n10,m,\"2,00\",/a,1\n20,m,\"2,00\",/a,2\n30,m,,/a,3\n",
        "timestamp,metric,code,value\n10,m,200,1\n10,m,200,2\n",
        "timestamp,metric,code,value\n10,m,200,1\n20,m,200,1,9\n",
        "timestamp,metric,code,value\n10,m,200,lots\n",
        "timestamp,metric,value\n-5,m,1\n",
        "timestamp,metric,value\n-9223372036854775808,m,1\n",
        "timestamp,metric,value\n99999999999999999,m,1\n",
        "",
        "time,metric,value\n",
    ]

    func testTheFastPathAddsAndRefusesExactlyWhatTheExactParsersDo() throws {
        for (texts, name) in [(exposition, "data.prom"), (csv, "data.csv")] {
            let format = IngestFormat(fileName: name)!
            for text in texts {
                var exact = SeriesStore(), fromText = SeriesStore(), fromFile = SeriesStore()
                let expected = outcome { try exact.ingestExactly(text: text, file: name, format: format, defaultTimestamp: 7000) }
                XCTAssertEqual(outcome { try fromText.ingest(text: text, file: name, format: format, defaultTimestamp: 7000) },
                               expected, text)
                XCTAssertEqual(fromText.series, exact.series, text)
                let url = FileManager.default.temporaryDirectory.appendingPathComponent("fast-\(UUID().uuidString)-\(name)")
                try Data(text.utf8).write(to: url)
                defer { try? FileManager.default.removeItem(at: url) }
                let fileExpected = expected.replacingOccurrences(of: name + ":", with: url.path + ":")
                XCTAssertEqual(outcome { try fromFile.ingest(contentsOfFile: url.path, defaultTimestamp: 7000, chunkSize: 16) },
                               fileExpected, text)
                XCTAssertEqual(fromFile.series, exact.series, text)
            }
        }
    }

    func testPlainFilesTakeTheFastPathAndInternEachLabelText() throws {
        var text = "# TYPE http_requests counter\n"
        for i in 0..<300 { text += "http_requests_total{code=\"\(200 + i % 3)\"} \(i) \(1_736_949_600 + i)\n" }
        text += "# EOF\n"
        var parser = FastLineParser(file: "x.om", format: .exposition, defaultTimestamp: nil, dialect: .openMetrics)
        try text.utf8CString.withUnsafeBufferPointer { buffer in
            try buffer.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: buffer.count) {
                try parser.consume($0, buffer.count - 1, final: true)
            }
        }
        try parser.finish()
        XCTAssertEqual(parser.accumulator.labels.count, 3)
        XCTAssertEqual(parser.accumulator.sampleCount, 300)
        var store = SeriesStore()
        let report = try store.ingest(text: text, file: "x.om", format: .exposition)
        XCTAssertEqual(report, IngestReport(samples: 300, untimestamped: 0))
        XCTAssertEqual(store.series(Labels(name: "http_requests_total", ["code": "201"]))?.values.prefix(2), [1, 4])
    }

    func testUntimestampedSamplesAreCounted() throws {
        var store = SeriesStore()
        let report = try store.ingest(text: "up 1\nup{job=\"a\"} 0 5000\n", file: "s.prom", format: .exposition, defaultTimestamp: 9000)
        XCTAssertEqual(report, IngestReport(samples: 2, untimestamped: 1))
        XCTAssertEqual(store.series(Labels(name: "up"))?.timestamps, [9000])
    }

    private func outcome(_ body: () throws -> IngestReport) -> String {
        do { return "added \(try body().samples)" } catch { return "\(error)" }
    }
}
