import Foundation

/// Parses JSON lines: one JSON object per line, each one sample.
///
/// Schema of a line (fields in any order, no others allowed):
/// ```
/// {"metric": "http_requests_total",            // required, a metric name
///  "labels": {"service": "checkout"},          // optional, string → string
///  "timestamp": "2025-01-15T14:30:00Z",        // required: RFC 3339 string, or unix seconds
///                                              //   (below 10¹¹) or milliseconds as a number
///  "value": 42.5}                              // required: a number, or "NaN", "+Inf", "-Inf"
/// ```
/// Blank lines are skipped. An empty label value means the label is absent.
public enum JSONLinesParser {
    /// Parses the whole text or throws the first error; never returns a partial result.
    public static func parse(_ text: String, file: String) throws -> [IngestedSample] {
        var objects: [(line: Int, text: Substring)] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.drop { $0.isWhitespace }
            if line.allSatisfy(\.isWhitespace) { continue }
            guard line.first == "{" else {
                throw IngestError(file: file, line: lineNumber, message: "expected a JSON object starting with {")
            }
            objects.append((lineNumber, line))
        }
        let decoder = JSONDecoder()
        // Fast path: decode every line at once as one JSON array (a JSONDecoder call per line
        // costs more than the parsing itself). Should anything be wrong, decode line by line
        // to find and name the first bad line.
        let array = "[" + objects.map(\.text).joined(separator: ",\n") + "]"
        if let records = try? decoder.decode([Record].self, from: Data(array.utf8)), records.count == objects.count {
            return zip(objects, records).map { object, record in
                IngestedSample(labels: record.labels, timestamp: record.timestamp, value: record.value, line: object.line)
            }
        }
        var samples: [IngestedSample] = []
        samples.reserveCapacity(objects.count)
        for object in objects {
            do {
                let record = try decoder.decode(Record.self, from: Data(object.text.utf8))
                samples.append(IngestedSample(labels: record.labels, timestamp: record.timestamp,
                                              value: record.value, line: object.line))
            } catch let problem as JSONFieldProblem {
                throw IngestError(file: file, line: object.line, location: "field \"\(problem.field)\"", message: problem.message)
            } catch {
                throw IngestError(file: file, line: object.line, message: "not valid JSON: expected one JSON object per line")
            }
        }
        return samples
    }

    private struct Record: Decodable {
        static let fields: Set<String> = ["metric", "labels", "timestamp", "value"]
        let labels: Labels
        let timestamp: Timestamp
        let value: Double

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: JSONFieldKey.self)
            for key in container.allKeys where !Record.fields.contains(key.stringValue) {
                throw JSONFieldProblem(field: key.stringValue, message: "unknown field: expected only metric, labels, timestamp and value")
            }
            guard let metric = try? container.decode(String.self, forKey: JSONFieldKey("metric")) else {
                throw JSONFieldProblem(field: "metric", message: container.contains(JSONFieldKey("metric"))
                                   ? "expected a string" : "missing: expected the metric name")
            }
            guard IngestFields.isMetricName(metric) else {
                throw JSONFieldProblem(field: "metric", message: "\"\(metric)\" is not a metric name: expected letters, digits, _ and : not starting with a digit")
            }
            var labels = [Labels.metricNameLabel: metric]
            if container.contains(JSONFieldKey("labels")) {
                guard let given = try? container.decode([String: String].self, forKey: JSONFieldKey("labels")) else {
                    throw JSONFieldProblem(field: "labels", message: "expected an object of string values")
                }
                for (name, value) in given {
                    guard IngestFields.isLabelName(name), name != Labels.metricNameLabel else {
                        throw JSONFieldProblem(field: "labels", message: "\"\(name)\" is not a label name: expected letters, digits and _ not starting with a digit")
                    }
                    labels[name] = value
                }
            }
            self.labels = Labels(labels)
            timestamp = try Record.timestamp(container)
            value = try Record.value(container)
        }

        private static func timestamp(_ container: KeyedDecodingContainer<JSONFieldKey>) throws -> Timestamp {
            let key = JSONFieldKey("timestamp")
            guard container.contains(key) else {
                throw JSONFieldProblem(field: "timestamp", message: "missing: \(IngestFields.timestampExpectation)")
            }
            if let number = try? container.decode(Double.self, forKey: key), let time = IngestFields.timestamp(number: number) {
                return time
            }
            if let text = try? container.decode(String.self, forKey: key), let time = RFC3339.parse(text) {
                return time
            }
            throw JSONFieldProblem(field: "timestamp", message: IngestFields.timestampExpectation)
        }

        private static func value(_ container: KeyedDecodingContainer<JSONFieldKey>) throws -> Double {
            let key = JSONFieldKey("value")
            guard container.contains(key) else {
                throw JSONFieldProblem(field: "value", message: "missing: \(IngestFields.valueExpectation)")
            }
            if let number = try? container.decode(Double.self, forKey: key) { return number }
            if let text = try? container.decode(String.self, forKey: key),
               ["NaN", "+Inf", "-Inf"].contains(text), let special = IngestFields.value(text) {
                return special
            }
            throw JSONFieldProblem(field: "value", message: IngestFields.valueExpectation)
        }
    }
}
