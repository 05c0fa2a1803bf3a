#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fast ingest path for CSV and exposition text: reads lines straight from a byte
/// buffer into a `SeriesAccumulator`, parsing each distinct label text once.
///
/// It accepts only input the exact parsers (`CSVParser`, `ExpositionParser`) accept, with
/// the same result. Whenever a line is not of the plain common form, or anything is wrong
/// (a malformed line, samples out of order, a duplicate), it gives up with `Fallback`; the
/// caller then runs the exact parser on the whole input, which sorts the samples or reports
/// the first error with its line and column. So every error message keeps its one source.
struct FastLineParser {
    /// The input needs the exact path.
    struct Fallback: Error {}

    let file: String
    let format: IngestFormat
    let defaultTimestamp: Timestamp?
    /// The exposition dialect guessed from the end of the input; a wrong guess falls back.
    let dialect: ExpositionParser.Dialect
    private(set) var accumulator = SeriesAccumulator()
    /// Lines consumed so far (the number of the last one).
    private var lineNumber = 0
    /// Whether a `# EOF` line was read (a part of a file parsed side by side that has one
    /// must be the last part).
    private(set) var sawEOF = false
    private var csvColumns: [String]?
    private var labelCache = LabelCache()
    private var csvCache: [[String]: Labels] = [:]

    init(file: String, format: IngestFormat, defaultTimestamp: Timestamp?, dialect: ExpositionParser.Dialect) {
        self.file = file
        self.format = format
        self.defaultTimestamp = defaultTimestamp
        self.dialect = dialect
    }

    /// Reads the lines of `p[0..<count]`, which ends with a `\n` unless it is the `final`
    /// part of the input (whose rest is then the last line).
    mutating func consume(_ p: UnsafePointer<UInt8>, _ count: Int, final: Bool) throws {
        try Self.requireUTF8(p, count)
        var start = 0
        while start < count || (final && start == count) {
            let newline = count == start ? nil : memchr(p + start, 10, count - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - p }
            if newline == nil && !final { break }
            var end = newline ?? count
            if end > start && p[end - 1] == 13 { end -= 1 }
            lineNumber += 1
            try line(p + start, end - start, isLast: newline == nil)
            start = (newline ?? count) + 1
        }
    }

    /// Checks what the exact path needs at the end: a header for CSV, `# EOF` for OpenMetrics.
    func finish() throws {
        if format == .csv && csvColumns == nil { throw Fallback() }
        if dialect == .openMetrics && !sawEOF { throw Fallback() }
    }

    /// Hands over what was collected, leaving the parser empty, so the columns move on
    /// without a second reference that would make them copy.
    mutating func takeAccumulator() -> SeriesAccumulator {
        var taken = SeriesAccumulator()
        swap(&taken, &accumulator)
        return taken
    }

    private mutating func line(_ p: UnsafePointer<UInt8>, _ count: Int, isLast: Bool) throws {
        if sawEOF {
            if count == 0 && isLast { return }
            throw Fallback()
        }
        var blank = true
        for i in 0..<count where p[i] != 32 && p[i] != 9 { blank = false; break }
        if blank { return }
        if format == .csv { try csvLine(p, count) } else { try expositionLine(p, count) }
    }

    // MARK: - Exposition

    private mutating func expositionLine(_ p: UnsafePointer<UInt8>, _ count: Int) throws {
        if p[0] == UInt8(ascii: "#") {
            let text = ByteFields.string(p, count)
            if text == "# EOF" {
                guard dialect == .openMetrics else { throw Fallback() }
                sawEOF = true
            } else {
                do { try ExpositionParser.checkComment(text, file: file, line: lineNumber) } catch { throw Fallback() }
                // OpenMetrics text without its `# EOF`: the exact parser says so.
                if dialect == .prometheus, ExpositionParser.openMetricsMarker(text) != nil { throw Fallback() }
            }
            return
        }
        var i = 0
        let slot: Int
        if let repeated = accumulator.repeatedKey(p, count) {
            slot = repeated.slot
            i = repeated.keyEnd
        } else {
            slot = try scanKey(p, count, &i)
        }
        // The rest as `LineScanner.rest` reads it: value, optional timestamp, optional exemplar.
        guard i < count, p[i] == 32 || p[i] == 9 else { throw Fallback() }
        while i < count, p[i] == 32 || p[i] == 9 { i += 1 }
        let valueStart = i
        let value: Double
        // The usual value is a plain decimal ending at a separator: read in one pass. Any
        // other (an exponent, `NaN`, a malformed field) is the field up to the next separator.
        if let plain = ByteFields.decimalPrefix(p + i, count - i),
           i + plain.end == count || p[i + plain.end] == 32 || p[i + plain.end] == 9 {
            value = plain.value
            i += plain.end
        } else {
            while i < count, p[i] != 32 && p[i] != 9 { i += 1 }
            guard let parsed = ByteFields.value(p + valueStart, i - valueStart) else { throw Fallback() }
            value = parsed
        }
        let spaceStart = i
        while i < count, p[i] == 32 || p[i] == 9 { i += 1 }
        var timestamp = defaultTimestamp
        if i > spaceStart && i < count && p[i] != UInt8(ascii: "#") {
            let timeStart = i
            while i < count, p[i] != 32 && p[i] != 9 { i += 1 }
            guard let parsed = Self.exposedTimestamp(p + timeStart, i - timeStart, dialect) else { throw Fallback() }
            timestamp = parsed
            while i < count, p[i] == 32 || p[i] == 9 { i += 1 }
        } else if defaultTimestamp != nil {
            accumulator.untimestamped += 1
        }
        if i < count && !(p[i] == UInt8(ascii: "#") && dialect == .openMetrics) { throw Fallback() }
        guard let timestamp, accumulator.append(slot, timestamp, value) else { throw Fallback() }
    }

    /// The series of the label text at the line's start (the name and the label set as
    /// written, up to the closing brace), scanned byte by byte; `i` ends after it.
    private mutating func scanKey(_ p: UnsafePointer<UInt8>, _ count: Int, _ i: inout Int) throws -> Int {
        while i < count, Self.isNameByte(p[i]) { i += 1 }
        if i < count && p[i] == UInt8(ascii: "{") {
            i += 1
            var inQuotes = false
            while true {
                guard i < count else { throw Fallback() }
                let byte = p[i]
                i += 1
                if inQuotes {
                    if byte == UInt8(ascii: "\\") { i += 1 } else if byte == UInt8(ascii: "\"") { inQuotes = false }
                } else if byte == UInt8(ascii: "\"") {
                    inQuotes = true
                } else if byte == UInt8(ascii: "}") {
                    break
                }
            }
        }
        let keyEnd = i
        return try accumulator.slot(forKey: p, keyEnd) ?? newExpositionSeries(p, count, keyEnd: keyEnd)
    }

    /// A label text seen for the first time: the exact scanner validates it and builds the labels.
    private mutating func newExpositionSeries(_ p: UnsafePointer<UInt8>, _ count: Int, keyEnd: Int) throws -> Int {
        let lines = TextLines(bytes: Array(UnsafeBufferPointer(start: p, count: count)), ranges: [])
        var scanner = LineScanner(lines: lines, line: 0..<count, file: file, number: lineNumber)
        guard let labels = try? scanner.labels(cache: &labelCache), scanner.index == keyEnd else { throw Fallback() }
        return accumulator.add(key: p, keyEnd, labels: labels)
    }

    /// Static: as a method it was handed a copy of the whole parser on every line.
    private static func exposedTimestamp(_ p: UnsafePointer<UInt8>, _ count: Int, _ dialect: ExpositionParser.Dialect) -> Timestamp? {
        switch dialect {
        case .prometheus:
            return (ByteFields.plainInteger(p, count) ?? Timestamp(ByteFields.string(p, count))).flatMap(IngestFields.inSpan)
        case .openMetrics:
            // Whole seconds below 2^43: the double path's product is an exact integer too,
            // so multiplying the integer gives the same milliseconds without a rounding call.
            if let seconds = ByteFields.plainInteger(p, count), seconds.magnitude < 1 << 43 {
                return IngestFields.inSpan(seconds * 1000)
            }
            guard let seconds = ByteFields.value(p, count), seconds.isFinite else { return nil }
            return Timestamp(exactly: (seconds * 1000).rounded()).flatMap(IngestFields.inSpan)
        }
    }

    @inline(__always)
    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 97 < 26 || byte &- 48 < 10 || byte == 95 || byte == 58
    }

    // MARK: - CSV

    private mutating func csvLine(_ p: UnsafePointer<UInt8>, _ count: Int) throws {
        guard let columns = csvColumns else {
            let lines = TextLines(bytes: Array(UnsafeBufferPointer(start: p, count: count)), ranges: [])
            do {
                let fields = try CSVParser.splitFields(lines, 0..<count, file: file, line: lineNumber)
                csvColumns = try CSVParser.validateHeader(fields, file: file, line: lineNumber)
            } catch { throw Fallback() }
            return
        }
        // Quoted fields take the exact splitter; plain rows are cut at the first and last comma.
        if memchr(p, Int32(UInt8(ascii: "\"")), count) != nil {
            let lines = TextLines(bytes: Array(UnsafeBufferPointer(start: p, count: count)), ranges: [])
            guard let fields = try? CSVParser.splitFields(lines, 0..<count, file: file, line: lineNumber),
                  let sample = try? CSVParser.sample(fields, columns: columns, file: file, line: lineNumber, cache: &csvCache),
                  accumulator.append(accumulator.slot(for: sample.labels), sample.timestamp, sample.value)
            else { throw Fallback() }
            return
        }
        guard let firstComma = memchr(p, Int32(UInt8(ascii: ",")), count).map({ UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - p })
        else { throw Fallback() }
        var lastComma = count - 1
        while lastComma > firstComma && p[lastComma] != UInt8(ascii: ",") { lastComma -= 1 }
        guard lastComma > firstComma else { throw Fallback() }
        let keyStart = p + firstComma + 1, keyCount = lastComma - firstComma - 1
        let slot: Int
        if let known = accumulator.slot(forKey: keyStart, keyCount) {
            slot = known
        } else {
            let lines = TextLines(bytes: Array(UnsafeBufferPointer(start: p, count: count)), ranges: [])
            guard let fields = try? CSVParser.splitFields(lines, 0..<count, file: file, line: lineNumber),
                  let sample = try? CSVParser.sample(fields, columns: columns, file: file, line: lineNumber, cache: &csvCache)
            else { throw Fallback() }
            slot = accumulator.add(key: keyStart, keyCount, labels: sample.labels)
        }
        let timeCount = firstComma
        guard let timestamp = csvTimestamp(p, timeCount),
              let value = ByteFields.value(p + lastComma + 1, count - lastComma - 1),
              accumulator.append(slot, timestamp, value)
        else { throw Fallback() }
    }

    /// Whole unix seconds or milliseconds as `IngestFields.timestamp` reads them; anything else through it.
    private func csvTimestamp(_ p: UnsafePointer<UInt8>, _ count: Int) -> Timestamp? {
        if count <= 15, let number = ByteFields.plainInteger(p, count) {
            return Double(abs(number)) < IngestFields.millisecondThreshold ? number * 1000 : number
        }
        return IngestFields.timestamp(ByteFields.string(p, count))
    }

    // MARK: - Encoding

    /// Non-ASCII bytes must form valid UTF-8, as the exact path requires of the whole file.
    private static func requireUTF8(_ p: UnsafePointer<UInt8>, _ count: Int) throws {
        var i = 0
        var high: UInt64 = 0
        let raw = UnsafeRawPointer(p)
        // Four words a step: the file's every byte passes here.
        while i + 32 <= count {
            high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
            i += 32
        }
        while i + 8 <= count {
            high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < count { high |= UInt64(p[i]); i += 1 }
        guard high & 0x8080_8080_8080_8080 != 0 else { return }
        if String(validating: UnsafeBufferPointer(start: p, count: count), as: UTF8.self) == nil { throw Fallback() }
    }
}
