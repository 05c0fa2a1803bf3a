/// Parses header-driven CSV: `timestamp,metric,<label columns…>,value`, or a FinOps FOCUS cost
/// export (a header naming ChargePeriodStart or BilledCost; `FocusParser`).
///
/// - The header names the columns; `timestamp` must come first, `metric` second and `value`
///   last; every column between is a label (its name must be a valid label name).
/// - `timestamp` is RFC 3339 or unix seconds/milliseconds (see `IngestFields`).
/// - An empty label cell means the series lacks that label, as in Prometheus.
/// - Fields may be quoted with `"` (RFC 4180); `""` inside quotes is a literal quote.
///   A quoted field may not span lines.
/// - Blank lines are skipped; CRLF line ends and a UTF-8 byte-order mark are accepted.
public enum CSVParser {
    /// Parses the whole text or throws the first error; never returns a partial result.
    public static func parse(_ text: String, file: String) throws -> [IngestedSample] {
        let lines = TextLines(text)
        var samples: [IngestedSample] = []
        samples.reserveCapacity(lines.ranges.count)
        var header: [String]?
        // Rows repeat the same few series; building a sorted label set is the costly part.
        var labelCache: [[String]: Labels] = [:]
        for (offset, line) in lines.ranges.enumerated() {
            let number = offset + 1
            if lines.isBlank(line) { continue }
            let fields = try splitFields(lines, line, file: file, line: number)
            if let columns = header {
                samples.append(try sample(fields, columns: columns, file: file, line: number, cache: &labelCache))
            } else if FocusParser.isFocusHeader(fields) {
                return try FocusParser.parse(lines, header: fields, headerLine: number, file: file)
            } else {
                header = try validateHeader(fields, file: file, line: number)
            }
        }
        if header == nil {
            throw IngestError(file: file, line: max(lines.ranges.count, 1),
                              message: "empty file: expected a header line timestamp,metric,<labels…>,value")
        }
        return samples
    }

    static func validateHeader(_ fields: [String], file: String, line: Int) throws -> [String] {
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

    static func sample(_ fields: [String], columns: [String], file: String, line: Int,
                               cache: inout [[String]: Labels]) throws -> IngestedSample {
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
        let last = fields.count - 1
        let key = Array(fields[1..<last])
        let labels: Labels
        if let cached = cache[key] {
            labels = cached
        } else {
            let metric = fields[1]
            guard IngestFields.isMetricName(metric) else {
                throw fail(1, "\"\(metric)\" is not a metric name: expected letters, digits, _ and : not starting with a digit")
            }
            var dictionary = [Labels.metricNameLabel: metric]
            for index in 2..<last { dictionary[columns[index]] = fields[index] }
            labels = Labels(dictionary)
            if cache.count < 100_000 { cache[key] = labels }
        }
        guard let value = IngestFields.value(fields[last]) else {
            throw fail(last, "\(IngestFields.valueExpectation), got \"\(fields[last])\"")
        }
        return IngestedSample(labels: labels, timestamp: timestamp, value: value, line: line)
    }

    /// Splits one line into fields, honouring RFC 4180 quotes.
    static func splitFields(_ lines: TextLines, _ line: Range<Int>, file: String, line number: Int) throws -> [String] {
        let bytes = lines.bytes
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
        var fields: [String] = []
        var index = line.lowerBound
        while true {
            if index < line.upperBound && bytes[index] == quote {
                // Quoted field: up to the closing quote, "" standing for one quote.
                var value: [UInt8] = []
                index += 1
                var closed = false
                while index < line.upperBound {
                    if bytes[index] == quote {
                        if index + 1 < line.upperBound && bytes[index + 1] == quote {
                            value.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    value.append(bytes[index])
                    index += 1
                }
                guard closed else {
                    throw IngestError(file: file, line: number, location: "column \(fields.count + 1)",
                                      message: "unterminated quoted field: expected a closing \"")
                }
                fields.append(String(decoding: value, as: UTF8.self))
                guard index == line.upperBound || bytes[index] == comma else {
                    throw IngestError(file: file, line: number, location: "column \(fields.count)",
                                      message: "text after a closing quote: expected \",\" or the end of the line")
                }
            } else {
                let start = index
                while index < line.upperBound && bytes[index] != comma { index += 1 }
                fields.append(String(decoding: bytes[start..<index], as: UTF8.self))
            }
            if index == line.upperBound { return fields }
            index += 1  // the comma
        }
    }
}
