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
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        let dialect = dialect ?? (lines.contains("# EOF") ? .openMetrics : .prometheus)
        var samples: [IngestedSample] = []
        var sawEOF = false
        for (offset, line) in lines.enumerated() {
            let number = offset + 1
            if sawEOF {
                if line.isEmpty && offset == lines.count - 1 { break }
                throw IngestError(file: file, line: number, message: "unexpected content after \"# EOF\": expected the end of the input")
            }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            if line.hasPrefix("#") {
                if line == "# EOF" {
                    sawEOF = true
                } else {
                    try checkComment(line, file: file, line: number)
                }
                continue
            }
            var scanner = LineScanner(line: line, file: file, number: number)
            samples.append(try scanner.sample(dialect: dialect, defaultTimestamp: defaultTimestamp))
        }
        if dialect == .openMetrics && !sawEOF {
            throw IngestError(file: file, line: lines.count, message: "missing \"# EOF\": expected OpenMetrics text to end with it")
        }
        return samples
    }

    private static func checkComment(_ line: Substring, file: String, line number: Int) throws {
        let words = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
        guard words.count >= 2, words[0] == "#", words[1] == "HELP" || words[1] == "TYPE" else { return }
        let keyword = String(words[1])
        guard words.count >= 3, IngestFields.isMetricName(String(words[2])) else {
            throw IngestError(file: file, line: number, location: "column 8",
                              message: "expected a metric name after \"# \(keyword)\"")
        }
        if keyword == "TYPE" {
            let type = words.count > 3 ? String(words[3]).trimmingSpaces : ""
            guard metricTypes.contains(type) else {
                throw IngestError(file: file, line: number, location: "column \(9 + words[2].count)",
                                  message: "unknown metric type \"\(type)\": expected counter, gauge, histogram, summary or untyped")
            }
        }
    }
}

/// Walks one sample line character by character, tracking the column for error messages.
private struct LineScanner {
    let characters: [Character]
    let file: String
    let number: Int
    var index = 0

    init(line: Substring, file: String, number: Int) {
        characters = Array(line)
        self.file = file
        self.number = number
    }

    mutating func sample(dialect: ExpositionParser.Dialect, defaultTimestamp: Timestamp?) throws -> IngestedSample {
        let name = word { IngestFields.isNameContinue($0) || $0 == ":" }
        guard IngestFields.isMetricName(name) else { throw fail("expected a metric name", column: 0) }
        var labels = [Labels.metricNameLabel: name]
        if peek == "{" {
            index += 1
            try labelSet(into: &labels)
        }
        guard skipSpaces() else { throw fail("expected a space and then the sample value") }
        let valueColumn = index
        let valueText = word { $0 != " " && $0 != "\t" }
        guard let value = IngestFields.value(valueText) else {
            throw fail("\(IngestFields.valueExpectation), got \"\(valueText)\"", column: valueColumn)
        }
        var timestamp = defaultTimestamp
        let hadSpace = skipSpaces()
        if hadSpace, let next = peek, next != "#" {
            let timeColumn = index
            let timeText = word { $0 != " " && $0 != "\t" }
            guard let parsed = Self.timestamp(timeText, dialect: dialect) else {
                let unit = dialect == .prometheus ? "integer milliseconds" : "seconds"
                throw fail("expected a timestamp in \(unit), got \"\(timeText)\"", column: timeColumn)
            }
            timestamp = parsed
            skipSpaces()
        }
        if let next = peek {
            // OpenMetrics exemplars follow " # "; anything else is garbage.
            guard next == "#", dialect == .openMetrics else {
                throw fail("unexpected \"\(next)\": expected the end of the line")
            }
            index = characters.count
        }
        guard let timestamp else {
            throw fail("missing timestamp: expected one after the value (Vigil ingests samples with explicit timestamps)")
        }
        return IngestedSample(labels: Labels(labels), timestamp: timestamp, value: value, line: number)
    }

    private mutating func labelSet(into labels: inout [String: String]) throws {
        while true {
            skipSpaces()
            if peek == "}" { index += 1; return }
            let nameColumn = index
            let name = word(IngestFields.isNameContinue)
            guard IngestFields.isLabelName(name) else { throw fail("expected a label name or \"}\"", column: nameColumn) }
            skipSpaces()
            guard peek == "=" else { throw fail("expected \"=\" after label name \"\(name)\"") }
            index += 1
            skipSpaces()
            guard peek == "\"" else { throw fail("expected a quoted label value after \"\(name)=\"") }
            index += 1
            let value = try quotedValue()
            if labels[name] != nil { throw fail("duplicate label \"\(name)\"", column: nameColumn) }
            if !value.isEmpty { labels[name] = value }
            skipSpaces()
            if peek == "," { index += 1; continue }
            if peek == "}" { index += 1; return }
            throw fail("expected \",\" or \"}\" after a label value")
        }
    }

    private mutating func quotedValue() throws -> String {
        var value = ""
        while let character = peek {
            index += 1
            switch character {
            case "\"":
                return value
            case "\\":
                guard let escaped = peek else { break }
                switch escaped {
                case "\\": value.append("\\")
                case "\"": value.append("\"")
                case "n": value.append("\n")
                default: throw fail("invalid escape \"\\\(escaped)\" in a label value: expected \\\\, \\\" or \\n", column: index - 1)
                }
                index += 1
            default:
                value.append(character)
            }
        }
        throw fail("unterminated label value: expected a closing \"")
    }

    private static func timestamp(_ text: String, dialect: ExpositionParser.Dialect) -> Timestamp? {
        switch dialect {
        case .prometheus:
            return Timestamp(text)
        case .openMetrics:
            guard let seconds = IngestFields.value(text), seconds.isFinite else { return nil }
            return Timestamp(exactly: (seconds * 1000).rounded())
        }
    }

    // MARK: - Scanning primitives

    private var peek: Character? { index < characters.count ? characters[index] : nil }

    private mutating func word(_ belongs: (Unicode.Scalar) -> Bool) -> String {
        let start = index
        while let character = peek, character.unicodeScalars.count == 1, belongs(character.unicodeScalars.first!) {
            index += 1
        }
        return String(characters[start..<index])
    }

    @discardableResult
    private mutating func skipSpaces() -> Bool {
        let start = index
        while peek == " " || peek == "\t" { index += 1 }
        return index > start
    }

    private func fail(_ message: String, column: Int? = nil) -> IngestError {
        IngestError(file: file, line: number, location: "column \((column ?? index) + 1)", message: message)
    }
}

private extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
