/// Parses header-driven CSV: `timestamp,metric,<label columns…>,value`.
///
/// - The header names the columns; `timestamp` must come first, `metric` second and `value`
///   last; every column between is a label (its name must be a valid label name).
/// - `timestamp` is RFC 3339 or unix seconds/milliseconds (see `IngestFields`).
/// - An empty label cell means the series lacks that label, as in Prometheus.
/// - Fields may be quoted with `"` (RFC 4180); `""` inside quotes is a literal quote.
/// - Blank lines are skipped; CRLF line ends and a UTF-8 byte-order mark are accepted.
public enum CSVParser {
    /// Parses the whole text or throws the first error; never returns a partial result.
    public static func parse(_ text: String, file: String) throws -> [IngestedSample] {
        var samples: [IngestedSample] = []
        var header: [String]?
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if lineNumber == 1 && line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = try splitFields(line, file: file, line: lineNumber)
            if let columns = header {
                samples.append(try sample(fields, columns: columns, file: file, line: lineNumber))
            } else {
                header = try validateHeader(fields, file: file, line: lineNumber)
            }
        }
        if header == nil {
            throw IngestError(file: file, line: max(lineNumber, 1),
                              message: "empty file: expected a header line timestamp,metric,<labels…>,value")
        }
        return samples
    }

    private static func validateHeader(_ fields: [String], file: String, line: Int) throws -> [String] {
        func fail(_ column: Int, _ message: String) -> IngestError {
            IngestError(file: file, line: line, location: "column \(column)", message: message)
        }
        guard fields.count >= 3 else {
            throw IngestError(file: file, line: line,
                              message: "header has \(fields.count) column(s): expected timestamp,metric,<labels…>,value")
        }
        if fields[0] != "timestamp" { throw fail(1, "header starts with \"\(fields[0])\": expected \"timestamp\"") }
        if fields[1] != "metric" { throw fail(2, "header has \"\(fields[1])\": expected \"metric\"") }
        if fields[fields.count - 1] != "value" {
            throw fail(fields.count, "header ends with \"\(fields[fields.count - 1])\": expected \"value\"")
        }
        var seen: Set<String> = []
        for index in 2..<fields.count - 1 {
            let name = fields[index]
            guard IngestFields.isLabelName(name), name != Labels.metricNameLabel else {
                throw fail(index + 1, "\"\(name)\" is not a label name: expected letters, digits and _ not starting with a digit")
            }
            guard seen.insert(name).inserted else {
                throw fail(index + 1, "label column \"\(name)\" appears twice")
            }
        }
        return fields
    }

    private static func sample(_ fields: [String], columns: [String], file: String, line: Int) throws -> IngestedSample {
        func fail(_ index: Int, _ message: String) -> IngestError {
            IngestError(file: file, line: line, location: "column \(index + 1) (\(columns[index]))", message: message)
        }
        guard fields.count == columns.count else {
            throw IngestError(file: file, line: line,
                              message: "\(fields.count) fields: expected \(columns.count) as in the header")
        }
        guard let timestamp = IngestFields.timestamp(fields[0]) else {
            throw fail(0, "\(IngestFields.timestampExpectation), got \"\(fields[0])\"")
        }
        let metric = fields[1]
        guard IngestFields.isMetricName(metric) else {
            throw fail(1, "\"\(metric)\" is not a metric name: expected letters, digits, _ and : not starting with a digit")
        }
        let last = fields.count - 1
        guard let value = IngestFields.value(fields[last]) else {
            throw fail(last, "\(IngestFields.valueExpectation), got \"\(fields[last])\"")
        }
        var labels = [Labels.metricNameLabel: metric]
        for index in 2..<last { labels[columns[index]] = fields[index] }
        return IngestedSample(labels: Labels(labels), timestamp: timestamp, value: value, line: line)
    }

    /// Splits one line into fields, honouring RFC 4180 quotes.
    private static func splitFields(_ line: Substring, file: String, line lineNumber: Int) throws -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var fieldStartsQuoted = false
        var characters = line.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? characters.next() {
            pending = nil
            if inQuotes {
                if character == "\"" {
                    if let next = characters.next() {
                        if next == "\"" {
                            current.append("\"")
                                        } else {
                            inQuotes = false
                            pending = next
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "," {
                fields.append(current)
                current = ""
                fieldStartsQuoted = false
            } else if character == "\"" && current.isEmpty && !fieldStartsQuoted {
                inQuotes = true
                fieldStartsQuoted = true
            } else if fieldStartsQuoted {
                throw IngestError(file: file, line: lineNumber, location: "column \(fields.count + 1)",
                                  message: "text after a closing quote: expected \",\" or the end of the line")
            } else {
                current.append(character)
            }
        }
        if inQuotes {
            throw IngestError(file: file, line: lineNumber, location: "column \(fields.count + 1)",
                              message: "unterminated quoted field: expected a closing \"")
        }
        fields.append(current)
        return fields
    }
}
