import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ingest entry points: the fast path (`FastLineParser`, streaming a file through a fixed
/// buffer) for CSV and exposition text, the exact path for JSON lines and whenever the
/// fast one gives up. Both are all-or-nothing and add the same samples.
extension SeriesStore {
    /// Parses text in a format and adds it all-or-nothing.
    @discardableResult
    public mutating func ingest(text: String, file: String, format: IngestFormat,
                                defaultTimestamp: Timestamp? = nil) throws -> IngestReport {
        if format != .jsonLines {
            var text = text
            let parser: FastLineParser? = text.withUTF8 { buffer in
                guard let base = buffer.baseAddress else { return nil }
                let dialect = Self.guessDialect(tail: UnsafeBufferPointer(rebasing: buffer.suffix(16)))
                if dialect == .prometheus, ExpositionParser.isOpenMetricsName(file) { return nil }
                var parser = FastLineParser(file: file, format: format, defaultTimestamp: defaultTimestamp, dialect: dialect)
                let bom = buffer.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
                do {
                    try parser.consume(base + bom, buffer.count - bom, final: true)
                    try parser.finish()
                    return parser
                } catch { return nil }
            }
            if var parser {
                var accumulator = parser.takeAccumulator()
                if let report = addFast(&accumulator) { return report }
            }
        }
        return try ingestExactly(text: text, file: file, format: format, defaultTimestamp: defaultTimestamp)
    }

    /// Reads a file, picks the format from its extension, and adds it all-or-nothing.
    @discardableResult
    public mutating func ingest(contentsOfFile path: String, defaultTimestamp: Timestamp? = nil) throws -> IngestReport {
        try ingest(contentsOfFile: path, defaultTimestamp: defaultTimestamp, chunkSize: 1 << 22, parts: nil)
    }

    /// `ingest(contentsOfFile:)` reading `chunkSize` bytes at a time (small in tests, so
    /// lines straddle reads), in `parts` parts side by side (nil: by the file's size and the
    /// cores; see `FastFileParts`).
    mutating func ingest(contentsOfFile path: String, defaultTimestamp: Timestamp?, chunkSize: Int, parts: Int? = 1) throws -> IngestReport {
        guard let format = IngestFormat(fileName: path) else {
            throw IngestError(file: path, line: 1,
                              message: "unknown data format: expected a .csv, .jsonl, .ndjson, .json, .prom, .txt or .om file")
        }
        if format != .jsonLines,
           var accumulator = FastFileParts.parse(path, format: format, defaultTimestamp: defaultTimestamp, chunkSize: chunkSize, parts: parts),
           let report = addFast(&accumulator) {
            return report
        }
        return try ingestExactly(contentsOfFile: path, format: format, defaultTimestamp: defaultTimestamp)
    }

    /// Adds what the fast path collected, or returns nil (store unchanged) when a series
    /// does not start after what the store holds: the exact path names that sample.
    private mutating func addFast(_ accumulator: inout SeriesAccumulator) -> IngestReport? {
        for (slot, labels) in accumulator.labels.enumerated() {
            if let stored = lastTimestamp(of: labels), let first = accumulator.timestamps[slot].first, first <= stored {
                return nil
            }
        }
        let samples = accumulator.sampleCount
        // Validated above: adding cannot fail.
        for series in accumulator.takeSeries() { try! add(series) }
        return IngestReport(samples: samples, untimestamped: accumulator.untimestamped)
    }

    /// OpenMetrics text ends with a `# EOF` line (at most a line break after it); the exact
    /// parser decides by any `# EOF` line, so a wrong guess makes the fast path give up.
    static func guessDialect(tail: UnsafeBufferPointer<UInt8>) -> ExpositionParser.Dialect {
        var bytes = Array(tail)
        if bytes.last == 10 { bytes.removeLast() }
        if bytes.last == 13 { bytes.removeLast() }
        let marker = Array("# EOF".utf8)
        guard bytes.count >= marker.count, Array(bytes.suffix(marker.count)) == marker else { return .prometheus }
        let before = bytes.count - marker.count - 1
        return before < 0 || bytes[before] == 10 || bytes[before] == 0xBF ? .openMetrics : .prometheus
    }
}
