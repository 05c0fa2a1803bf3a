import Foundation

/// Reads a FinOps FOCUS cost export (CSV; columns by name, in any order) into cost series,
/// one sample per charge at its ChargePeriodStart:
/// `focus_billed_cost`, `focus_effective_cost` and `focus_list_cost`, labelled with
/// `service_name` (ServiceName), `resource_id` (ResourceId), `charge_category`, `tenant`,
/// `capability` and `operation` from the Tags JSON (other tags as `tag_<key>`), each `x_`
/// column as a label of its own name, and `charge_period_seconds` (ChargePeriodEnd −
/// ChargePeriodStart; the end is exclusive). Rows with the same labels and start add up
/// (an export splits a resource's day by SKU). A missing column, a bad number, a bad or
/// empty period or bad Tags is an error at its line and column, and nothing is loaded.
public enum FocusParser {
    /// Columns a FOCUS export must have (FOCUS 1.2: mandatory).
    public static let required = ["BilledCost", "EffectiveCost", "ListCost", "ChargePeriodStart", "ChargePeriodEnd", "ServiceName"]
    static let costs = [("BilledCost", "focus_billed_cost"), ("EffectiveCost", "focus_effective_cost"),
                        ("ListCost", "focus_list_cost")]
    /// Tags that become labels of their own name.
    static let namedTags = ["tenant", "capability", "operation"]

    /// A CSV header is a FOCUS export's when it names ChargePeriodStart or BilledCost.
    static func isFocusHeader(_ fields: [String]) -> Bool {
        fields.contains("ChargePeriodStart") || fields.contains("BilledCost")
    }

    static func parse(_ lines: TextLines, header: [String], headerLine: Int, file: String) throws -> [IngestedSample] {
        var column: [String: Int] = [:]
        for (i, name) in header.enumerated() where column[name] == nil { column[name] = i }
        for name in required where column[name] == nil {
            throw IngestError(file: file, line: headerLine, location: "column \(header.count + 1)",
                              message: "missing FOCUS column \(name): a FOCUS export needs \(required.joined(separator: ", "))")
        }
        let custom = header.enumerated().filter { $0.element.hasPrefix("x_") }
        var sums: [Labels: [Timestamp: (value: Double, line: Int)]] = [:]
        for (offset, range) in lines.ranges.enumerated() where offset + 1 > headerLine && !lines.isBlank(range) {
            let line = offset + 1
            let fields = try CSVParser.splitFields(lines, range, file: file, line: line)
            func fail(_ name: String, _ message: String) -> IngestError {
                IngestError(file: file, line: line, location: "column \(column[name]! + 1) (\(name))", message: message)
            }
            guard fields.count == header.count else {
                throw IngestError(file: file, line: line, message: "\(fields.count) fields: expected \(header.count) as in the header")
            }
            func field(_ name: String) -> String { column[name].map { fields[$0] } ?? "" }
            func time(_ name: String) throws -> Timestamp {
                guard let t = IngestFields.timestamp(field(name)) else {
                    throw fail(name, "\(IngestFields.timestampExpectation), got \"\(field(name))\"")
                }
                return t
            }
            let start = try time("ChargePeriodStart"), end = try time("ChargePeriodEnd")
            guard end > start else {
                throw fail("ChargePeriodEnd", "the charge period ends at or before it starts (\(field("ChargePeriodStart"))): "
                            + "ChargePeriodEnd is exclusive and must be after ChargePeriodStart")
            }
            var labels: [String: String] = ["service_name": field("ServiceName"),
                                            "charge_period_seconds": String((end - start) / 1000)]
            if !field("ResourceId").isEmpty { labels["resource_id"] = field("ResourceId") }
            if !field("ChargeCategory").isEmpty { labels["charge_category"] = field("ChargeCategory") }
            for (i, name) in custom where !fields[i].isEmpty { labels[labelName(name)] = fields[i] }
            if column["Tags"] != nil { try tags(field("Tags"), into: &labels) { fail("Tags", $0) } }
            for (name, metric) in costs {
                guard let value = IngestFields.value(field(name)), value.isFinite else {
                    throw fail(name, "expected a decimal amount such as 12.34, got \"\(field(name))\"")
                }
                labels[Labels.metricNameLabel] = metric
                let key = Labels(labels)
                let previous = sums[key]?[start]
                sums[key, default: [:]][start] = ((previous?.value ?? 0) + value, previous?.line ?? line)
            }
        }
        return sums.flatMap { labels, byStart in
            byStart.map { IngestedSample(labels: labels, timestamp: $0.key, value: $0.value.value, line: $0.value.line) }
        }.sorted { $0.line != $1.line ? $0.line < $1.line : $0.labels.description < $1.labels.description }
    }

    /// The Tags column: a JSON object of finalized tags; a valueless key is `true`.
    private static func tags(_ text: String, into labels: inout [String: String], _ fail: (String) -> IngestError) throws {
        guard !text.isEmpty else { return }
        guard let object = try? JSONDecoder().decode([String: TagValue].self, from: Data(text.utf8)) else {
            throw fail("expected a JSON object of tags with string, number or true values such as {\"tenant\": \"acme\"}, got \(text)")
        }
        for (key, value) in object {
            labels[namedTags.contains(key) ? key : "tag_" + labelName(key)] = value.text
        }
    }

    /// A tag's value as a label value: a string as is, a number or a boolean as written.
    private struct TagValue: Decodable {
        let text: String

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) {
                text = s
            } else if let b = try? c.decode(Bool.self) {
                text = b ? "true" : "false"
            } else {
                let n = try c.decode(Double.self)
                text = n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
            }
        }
    }

    /// A label name for any text: characters a label name cannot hold become `_`.
    static func labelName(_ text: String) -> String {
        var out = String(text.unicodeScalars.map { IngestFields.isNameContinue($0) ? Character($0) : "_" })
        if let first = out.unicodeScalars.first, !IngestFields.isNameStart(first) { out = "_" + out }
        return out.isEmpty ? "_" : out
    }
}
