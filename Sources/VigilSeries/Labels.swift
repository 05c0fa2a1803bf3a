/// One label: a name and its value, as Prometheus stores them.
public struct Label: Hashable, Comparable, Sendable {
    /// The label name, e.g. `code`.
    public let name: String
    /// The label value, e.g. `500`.
    public let value: String

    /// Creates a label from a name and a value.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public static func < (lhs: Label, rhs: Label) -> Bool {
        lhs.name != rhs.name ? lhs.name < rhs.name : lhs.value < rhs.value
    }
}

/// A label set sorted by name, with the metric name kept as `__name__` as Prometheus does.
///
/// Sorting on construction makes equality, hashing and the fingerprint independent of the
/// order the caller wrote the labels in. Empty values are dropped because Prometheus treats
/// an empty label value as the label being absent.
public struct Labels: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The label name Prometheus uses for the metric name.
    public static let metricNameLabel = "__name__"

    /// The labels, sorted by name, names unique, values non-empty.
    public let pairs: [Label]
    /// The pairs' hash, computed once: rule evaluation keys dictionaries by label set many
    /// times per evaluation, while label sets are made far less often.
    private let hashCode: Int

    /// The empty label set.
    public init() {
        self.init(sortedPairs: [])
    }

    /// Creates a label set from a dictionary; empty values are dropped.
    public init(_ dictionary: [String: String]) {
        self.init(sortedPairs: dictionary.filter { !$0.value.isEmpty }.map { Label($0.key, $0.value) }.sorted())
    }

    /// Creates a label set for a metric name plus further labels.
    public init(name: String, _ labels: [String: String] = [:]) {
        var all = labels
        all[Labels.metricNameLabel] = name
        self.init(all)
    }

    /// Creates a label set from pairs; a later duplicate name replaces an earlier one.
    public init(pairs: [Label]) {
        var dictionary: [String: String] = [:]
        for pair in pairs { dictionary[pair.name] = pair.value }
        self.init(dictionary)
    }

    /// The value of a label, or nil when the label is absent.
    public subscript(name: String) -> String? {
        // Label sets are small (a handful of pairs), so a linear scan beats hashing.
        for pair in pairs where pair.name == name { return pair.value }
        return nil
    }

    /// The metric name (`__name__`), if any.
    public var metricName: String? { self[Labels.metricNameLabel] }

    /// True when the set has no labels.
    public var isEmpty: Bool { pairs.isEmpty }

    /// The labels as a dictionary.
    public var dictionary: [String: String] {
        Dictionary(uniqueKeysWithValues: pairs.map { ($0.name, $0.value) })
    }

    /// A copy with one label set (or removed when `value` is empty).
    public func with(_ name: String, _ value: String) -> Labels {
        var dictionary = self.dictionary
        dictionary[name] = value
        return Labels(dictionary)
    }

    /// Pairs already sorted by name, unique and non-empty: a subset of another set's pairs.
    private init(sortedPairs: [Label]) {
        pairs = sortedPairs
        var hasher = Hasher()
        hasher.combine(sortedPairs)
        hashCode = hasher.finalize()
    }

    public static func == (lhs: Labels, rhs: Labels) -> Bool {
        lhs.hashCode == rhs.hashCode && lhs.pairs == rhs.pairs
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(hashCode)
    }

    /// A copy without the named labels (`without(v, "quantile")`).
    public func removing(_ names: Set<String>) -> Labels {
        Labels(sortedPairs: pairs.filter { !names.contains($0.name) })
    }

    /// A copy without the metric name, as Prometheus does for the result of a function.
    /// Every range function result asks for this at every evaluation, so it neither hashes
    /// nor re-sorts, and a set without a metric name is returned as it is.
    public var withoutMetricName: Labels {
        guard pairs.contains(where: { $0.name == Labels.metricNameLabel }) else { return self }
        return Labels(sortedPairs: pairs.filter { $0.name != Labels.metricNameLabel })
    }

    /// Stable text form, e.g. `{__name__="x", code="500"}`, with Go-style quoting of values.
    public var fingerprint: String {
        var text = "{"
        for (index, pair) in pairs.enumerated() {
            if index > 0 { text += ", " }
            text += pair.name
            text += "="
            text += Labels.quote(pair.value)
        }
        return text + "}"
    }

    public var description: String { fingerprint }

    public static func < (lhs: Labels, rhs: Labels) -> Bool {
        lhs.pairs.lexicographicallyPrecedes(rhs.pairs)
    }

    /// Quotes a label value the way Prometheus prints it: backslash, quote and newline escaped.
    static func quote(_ value: String) -> String {
        var text = "\""
        for character in value.unicodeScalars {
            switch character {
            case "\\": text += "\\\\"
            case "\"": text += "\\\""
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            default: text.unicodeScalars.append(character)
            }
        }
        return text + "\""
    }
}
