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
            if var parser, let report = addFast(&parser) { return report }
        }
        return try ingestExactly(text: text, file: file, format: format, defaultTimestamp: defaultTimestamp)
    }

    /// Reads a file, picks the format from its extension, and adds it all-or-nothing.
    @discardableResult
    public mutating func ingest(contentsOfFile path: String, defaultTimestamp: Timestamp? = nil) throws -> IngestReport {
        try ingest(contentsOfFile: path, defaultTimestamp: defaultTimestamp, chunkSize: 1 << 22)
    }

    /// `ingest(contentsOfFile:)` reading `chunkSize` bytes at a time (small in tests, so
    /// lines straddle reads).
    mutating func ingest(contentsOfFile path: String, defaultTimestamp: Timestamp?, chunkSize: Int) throws -> IngestReport {
        guard let format = IngestFormat(fileName: path) else {
            throw IngestError(file: path, line: 1,
                              message: "unknown data format: expected a .csv, .jsonl, .ndjson, .json, .prom, .txt or .om file")
        }
        if format != .jsonLines, var parser = Self.streamFast(path, format: format, defaultTimestamp: defaultTimestamp, chunkSize: chunkSize),
           let report = addFast(&parser) {
            return report
        }
        return try ingestExactly(contentsOfFile: path, format: format, defaultTimestamp: defaultTimestamp)
    }

    /// Adds what the fast path collected, or returns nil (store unchanged) when a series
    /// does not start after what the store holds: the exact path names that sample.
    private mutating func addFast(_ parser: inout FastLineParser) -> IngestReport? {
        let untimestamped = parser.accumulator.untimestamped
        var accumulator = parser.accumulator
        parser = FastLineParser(file: parser.file, format: parser.format, defaultTimestamp: nil, dialect: parser.dialect)
        for (slot, labels) in accumulator.labels.enumerated() {
            if let stored = lastTimestamp(of: labels), let first = accumulator.timestamps[slot].first, first <= stored {
                return nil
            }
        }
        let samples = accumulator.sampleCount
        // Validated above: adding cannot fail.
        for series in accumulator.takeSeries() { try! add(series) }
        return IngestReport(samples: samples, untimestamped: untimestamped)
    }

    /// Streams a file through the fast parser; nil when it gives up or the file cannot be read.
    private static func streamFast(_ path: String, format: IngestFormat, defaultTimestamp: Timestamp?, chunkSize: Int) -> FastLineParser? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var tail = [UInt8](repeating: 0, count: 16)
        var size = stat()
        guard fstat(fd, &size) == 0 else { return nil }
        let tailCount = tail.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 16, max(0, off_t(size.st_size) - 16)) }
        guard tailCount >= 0 else { return nil }
        let dialect = tail.withUnsafeBufferPointer { guessDialect(tail: UnsafeBufferPointer(rebasing: $0[0..<tailCount])) }
        if dialect == .prometheus, ExpositionParser.isOpenMetricsName(path) { return nil }
        var parser = FastLineParser(file: path, format: format, defaultTimestamp: defaultTimestamp, dialect: dialect)
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var filled = 0
        var atStart = true
        do {
            while true {
                let received = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + filled, $0.count - filled) }
                guard received >= 0 else { return nil }
                filled += received
                let final = received == 0
                try buffer.withUnsafeMutableBufferPointer { bytes in
                    let base = UnsafePointer(bytes.baseAddress!)
                    var start = 0
                    if atStart && filled >= 3 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
                    if atStart && (filled >= 3 || final) { atStart = false }
                    if atStart { return }
                    // Whole lines only, so no line (or UTF-8 sequence) is split between reads.
                    var end = filled
                    if !final {
                        while end > start && base[end - 1] != 10 { end -= 1 }
                    }
                    if end > start || final { try parser.consume(base + start, end - start, final: final) }
                    filled -= end
                    if filled > 0 && end > 0 { memmove(bytes.baseAddress!, base + end, filled) }
                }
                if final { break }
                // A line longer than the buffer: make room for the rest of it.
                if filled == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
            }
            try parser.finish()
        } catch {
            return nil
        }
        return parser
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

/// read(2), named apart from the many `read`s in scope.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
