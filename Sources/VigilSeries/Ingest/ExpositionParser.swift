/// Parses the Prometheus text exposition format and OpenMetrics text.
///
/// - `# HELP name text` and `# TYPE name type` are checked (a known type, a valid name);
///   other `#` lines are comments.
/// - A sample is `name{label="value",…} value [timestamp]`; label values may escape
///   `\\`, `\"` and `\n`; values may be `NaN`, `+Inf`, `-Inf`.
/// - Timestamps are integer milliseconds in the Prometheus format and (possibly fractional)
///   seconds in OpenMetrics. The text is OpenMetrics when it has a `# EOF` line, after which
///   nothing may follow. OpenMetrics exemplars (` # {…} value`) are ignored.
/// - Vigil stores history, so each sample needs a timestamp: either written on the line or
///   supplied as `defaultTimestamp` (a scrape time).
public enum ExpositionParser {
    /// Which text format the input is.
    public enum Dialect: Sendable {
        /// Prometheus text format 0.0.4: millisecond timestamps.
        case prometheus
        /// OpenMetrics 1.0: second timestamps, `# EOF` terminator.
        case openMetrics
    }

    static let metricTypes: Set<String> = [
        "counter", "gauge", "histogram", "summary", "untyped", "gaugehistogram", "stateset", "info", "unknown",
    ]

    /// Parses the whole text or throws the first error; never returns a partial result.
    public static func parse(_ text: String, file: String, dialect: Dialect? = nil,
                             defaultTimestamp: Timestamp? = nil) throws -> [IngestedSample] {
        var untimestamped = 0
        return try parse(text, file: file, dialect: dialect, defaultTimestamp: defaultTimestamp, untimestamped: &untimestamped)
    }

    /// `parse`, counting the samples that took `defaultTimestamp`.
    static func parse(_ text: String, file: String, dialect: Dialect? = nil, defaultTimestamp: Timestamp?,
                      untimestamped: inout Int) throws -> [IngestedSample] {
        let lines = TextLines(text)
        let detected = dialect.map { ($0, reason: String?.none) } ?? Self.dialect(of: lines, file: file)
        let dialect = detected.0
        var samples: [IngestedSample] = []
        samples.reserveCapacity(lines.ranges.count)
        var sawEOF = false
        var labelCache = LabelCache()
        for (offset, line) in lines.ranges.enumerated() {
            let number = offset + 1
            if sawEOF {
                if line.isEmpty && offset == lines.ranges.count - 1 { break }
                throw IngestError(file: file, line: number, message: "unexpected content after \"# EOF\": expected the end of the input")
            }
            if lines.isBlank(line) { continue }
            if lines.bytes[line.lowerBound] == UInt8(ascii: "#") {
                if lines.equals(line, "# EOF") {
                    sawEOF = true
                } else {
                    try checkComment(lines.string(line), file: file, line: number)
                }
                continue
            }
            var scanner = LineScanner(lines: lines, line: line, file: file, number: number)
            samples.append(try scanner.sample(dialect: dialect, defaultTimestamp: defaultTimestamp, cache: &labelCache))
            if scanner.usedDefaultTimestamp { untimestamped += 1 }
        }
        if dialect == .openMetrics && !sawEOF {
            let last = lines.ranges.lastIndex { !lines.isBlank($0) }.map { $0 + 1 } ?? 1
            let why = detected.reason.map { " (\($0))" } ?? ""
            throw IngestError(file: file, line: last, location: "column \(last <= lines.ranges.count ? lines.string(lines.ranges[last - 1]).count + 1 : 1)",
                              message: "missing \"# EOF\": OpenMetrics text\(why) must end with a \"# EOF\" line; the file may be cut short")
        }
        return samples
    }

    static func checkComment(_ line: String, file: String, line number: Int) throws {
        let words = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
        guard words.count >= 2, words[0] == "#", words[1] == "HELP" || words[1] == "TYPE" else { return }
        let keyword = String(words[1])
        guard words.count >= 3, IngestFields.isMetricName(String(words[2])) else {
            throw IngestError(file: file, line: number, location: "column 8",
                              message: "expected a metric name after \"# \(keyword)\"")
        }
        if keyword == "TYPE" {
            let type = words.count > 3 ? String(words[3].drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()) : ""
            guard metricTypes.contains(type) else {
                throw IngestError(file: file, line: number, location: "column \(9 + words[2].count)",
                                  message: "unknown metric type \"\(type)\": expected counter, gauge, histogram, summary or untyped")
            }
        }
    }
}

/// Walks one sample line byte by byte; positions are turned into character columns only for errors.
struct LineScanner {
    let lines: TextLines
    let line: Range<Int>
    let file: String
    let number: Int
    var index: Int
    /// Set by `sample` when the line had no timestamp of its own.
    private(set) var usedDefaultTimestamp = false

    init(lines: TextLines, line: Range<Int>, file: String, number: Int) {
        self.lines = lines
        self.line = line
        self.file = file
        self.number = number
        index = line.lowerBound
    }

    mutating func sample(dialect: ExpositionParser.Dialect, defaultTimestamp: Timestamp?,
                         cache: inout LabelCache) throws -> IngestedSample {
        let labels = try self.labels(cache: &cache)
        return try rest(labels: labels, dialect: dialect, defaultTimestamp: defaultTimestamp)
    }

    /// Reads the metric name and label set, leaving `index` just after them.
    mutating func labels(cache: inout LabelCache) throws -> Labels {
        let nameStart = index
        skip { IngestFields.isNameContinue(Unicode.Scalar($0)) || $0 == UInt8(ascii: ":") }
        let nameRange = nameStart..<index
        if peek == UInt8(ascii: "{") {
            var scanner = self
            // Validate and skip the label set; the cache decides whether to build Labels.
            scanner.index += 1
            var labels: [String: String] = [:]
            try scanner.labelSet(into: &labels)
            let key = lines.bytes[nameStart..<scanner.index]
            let name = lines.string(nameRange)
            guard IngestFields.isMetricName(name) else { throw fail("expected a metric name", at: nameStart) }
            labels[Labels.metricNameLabel] = name
            let built = labels
            let result = cache.labels(for: key) { Labels(built) }
            index = scanner.index
            return result
        }
        let key = lines.bytes[nameRange]
        let name = lines.string(nameRange)
        guard IngestFields.isMetricName(name) else { throw fail("expected a metric name", at: nameStart) }
        return cache.labels(for: key) { Labels(name: name) }
    }

    mutating func rest(labels: Labels, dialect: ExpositionParser.Dialect,
                               defaultTimestamp: Timestamp?) throws -> IngestedSample {
        guard skipSpaces() else { throw fail("expected a space and then the sample value") }
        let valueStart = index
        skip { $0 != 32 && $0 != 9 }
        let valueText = lines.string(valueStart..<index)
        guard let value = IngestFields.value(valueText) else {
            throw fail("\(IngestFields.valueExpectation), got \"\(valueText)\"", at: valueStart)
        }
        var timestamp = defaultTimestamp
        var hadTimestamp = false
        let hadSpace = skipSpaces()
        if hadSpace, let next = peek, next != UInt8(ascii: "#") {
            let timeStart = index
            skip { $0 != 32 && $0 != 9 }
            let timeText = lines.string(timeStart..<index)
            guard let parsed = Self.timestamp(timeText, dialect: dialect) else {
                let unit = dialect == .prometheus ? "integer milliseconds" : "seconds"
                throw fail("expected a timestamp in \(unit) (within ±285,000 years of 1970), got \"\(timeText)\"", at: timeStart)
            }
            timestamp = parsed
            hadTimestamp = true
            skipSpaces()
        }
        if peek != nil {
            // OpenMetrics exemplars follow " # "; anything else is garbage.
            guard peek == UInt8(ascii: "#"), dialect == .openMetrics else {
                let character = lines.string(index..<line.upperBound).first.map(String.init) ?? ""
                throw fail("unexpected \"\(character)\": expected the end of the line")
            }
            index = line.upperBound
        }
        usedDefaultTimestamp = !hadTimestamp && defaultTimestamp != nil
        guard let timestamp else {
            throw fail("missing timestamp: expected one after the value (Vigil ingests samples with explicit timestamps)")
        }
        return IngestedSample(labels: labels, timestamp: timestamp, value: value, line: number)
    }

    mutating func labelSet(into labels: inout [String: String]) throws {
        while true {
            skipSpaces()
            if peek == UInt8(ascii: "}") { index += 1; return }
            let nameStart = index
            skip { IngestFields.isNameContinue(Unicode.Scalar($0)) }
            let name = lines.string(nameStart..<index)
            guard IngestFields.isLabelName(name) else { throw fail("expected a label name or \"}\"", at: nameStart) }
            skipSpaces()
            guard peek == UInt8(ascii: "=") else { throw fail("expected \"=\" after label name \"\(name)\"") }
            index += 1
            skipSpaces()
            guard peek == UInt8(ascii: "\"") else { throw fail("expected a quoted label value after \"\(name)=\"") }
            index += 1
            let value = try quotedValue()
            if labels[name] != nil { throw fail("duplicate label \"\(name)\"", at: nameStart) }
            if !value.isEmpty { labels[name] = value }
            skipSpaces()
            if peek == UInt8(ascii: ",") { index += 1; continue }
            if peek == UInt8(ascii: "}") { index += 1; return }
            throw fail("expected \",\" or \"}\" after a label value")
        }
    }

    private mutating func quotedValue() throws -> String {
        var value: [UInt8] = []
        while let byte = peek {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: value, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = peek else { break }
                switch escaped {
                case UInt8(ascii: "\\"): value.append(escaped)
                case UInt8(ascii: "\""): value.append(escaped)
                case UInt8(ascii: "n"): value.append(10)
                default:
                    let shown = lines.string(index..<line.upperBound).first.map(String.init) ?? ""
                    throw fail("invalid escape \"\\\(shown)\" in a label value: expected \\\\, \\\" or \\n", at: index - 1)
                }
                index += 1
            default:
                value.append(byte)
            }
        }
        throw fail("unterminated label value: expected a closing \"")
    }

    private static func timestamp(_ text: String, dialect: ExpositionParser.Dialect) -> Timestamp? {
        switch dialect {
        case .prometheus:
            return Timestamp(text).flatMap(IngestFields.inSpan)
        case .openMetrics:
            guard let seconds = IngestFields.value(text), seconds.isFinite else { return nil }
            return Timestamp(exactly: (seconds * 1000).rounded()).flatMap(IngestFields.inSpan)
        }
    }

    // MARK: - Scanning primitives

    private var peek: UInt8? { index < line.upperBound ? lines.bytes[index] : nil }

    private mutating func skip(while belongs: (UInt8) -> Bool) {
        while index < line.upperBound, belongs(lines.bytes[index]) { index += 1 }
    }

    @discardableResult
    private mutating func skipSpaces() -> Bool {
        let start = index
        skip { $0 == 32 || $0 == 9 }
        return index > start
    }

    private func fail(_ message: String, at position: Int? = nil) -> IngestError {
        IngestError(file: file, line: number, location: "column \(lines.column(of: position ?? index, in: line))",
                    message: message)
    }
}
