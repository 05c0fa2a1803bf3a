import VigilCheck
import VigilRuntime
import VigilSyntax
import VigilSeries

/// One value per label set: what a range function over several series yields. Arithmetic,
/// comparison and `and`/`or`/`not` apply element by element; two vectors match on
/// identical label sets (the metric name is dropped, as PromQL does; see VectorMatching).
/// A comparison keeps every element as a bool, so a rule gets one state per label set.
public final class VectorValue: RuntimeObject {
    /// One element. A struct rather than a tuple: arrays of tuples are copied and destroyed
    /// through the runtime's generic tuple witnesses, several times slower, and a rule
    /// builds and drops a few of these arrays at every evaluation.
    public struct Entry {
        public let labels: Labels
        public let value: Value

        public init(_ labels: Labels, _ value: Value) {
            self.labels = labels
            self.value = value
        }
    }

    public let entries: [Entry]
    /// Why an element is nodata, by its label set, where more is known than "no data": it
    /// met no element of the other operand, or divided by zero. Usually empty.
    public let reasons: [Labels: String]

    /// Entries without metric names, sorted by label set.
    private init(sorted entries: [Entry], reasons: [Labels: String] = [:]) {
        self.entries = entries
        self.reasons = reasons
    }

    /// A vector of the entries, or nodata when there are none: an empty selection is
    /// missing data, never an empty success.
    public static func make(_ entries: [(Labels, Value)]) -> Value {
        if entries.isEmpty { return .nodata }
        var stripped = entries.map { Entry($0.0.withoutMetricName, $0.1) }
        stripped.sort { $0.labels < $1.labels }
        return .object(VectorValue(sorted: stripped))
    }

    /// A vector of one entry per series of a selection by exact metric name, in the
    /// selection's order (their labels with or without that name): dropping a label every
    /// series has keeps the order, so the entries are not sorted again.
    static func make(sortedSharingMetricName entries: [(Labels, Value)]) -> Value {
        if entries.isEmpty { return .nodata }
        return .object(VectorValue(sorted: entries.map { Entry($0.0.withoutMetricName, $0.1) }))
    }

    /// A vector of entries whose label sets are already without metric names and in order.
    static func make(strippedAndSorted entries: [Entry]) -> Value {
        entries.isEmpty ? .nodata : .object(VectorValue(sorted: entries))
    }

    /// The result of an element-wise operation on this vector's entries, which keeps their
    /// labels and order (nothing to strip or sort again), with why elements are nodata.
    static func make(keepingOrder entries: [Entry], reasons: [Labels: String] = [:]) -> Value {
        entries.isEmpty ? .nodata : .object(VectorValue(sorted: entries, reasons: reasons))
    }

    override public var typeName: String { "vector" }
    override public var argumentType: StaticType { .quantity(nil) }

    override public var display: String {
        if entries.count == 1, entries[0].labels.isEmpty { return entries[0].value.literal }
        return entries.map { ($0.labels.isEmpty ? "{}" : $0.labels.fingerprint) + " " + $0.value.literal }.joined(separator: ", ")
    }

    /// Each element as a record `{labels: {…}, value: v}`, for `for` loops and `map`.
    override public var elements: [Value]? {
        entries.map { e in
            let labels = Record(e.labels.dictionary.sorted { $0.key < $1.key }.map { ($0.key, Value.string($0.value)) })
            return .record(Record([("labels", .record(labels)), ("value", e.value)]))
        }
    }

    override public func binary(_ op: BinaryOp, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        if case .object(let o) = other, let v = o as? VectorValue {
            return try matched(with: v, op, selfOnLeft: selfOnLeft) { l, r in try Self.element(op, l, r) }
        }
        if case .object(let o) = other, let s = o as? SeriesSelection {
            return try binary(op, s.instant(), selfOnLeft: selfOnLeft)
        }
        let scalar = Item(other)
        return try each { e in try Self.element(op, selfOnLeft ? e : scalar, selfOnLeft ? scalar : e) }
    }

    /// Each element with the operator that holds for it: `{code="500"} 25% > 10%, {code="200"} 1% < 10%`.
    override public func observation(_ op: BinaryOp, _ other: Value, result: Value, selfOnLeft: Bool) -> String? {
        guard op.isComparison, case .object(let o) = result, let outcomes = o as? VectorValue else { return nil }
        let holds = Dictionary(outcomes.entries.map { ($0.labels, $0.value) }, uniquingKeysWith: { a, _ in a })
        var theirs: [Labels: Value]?
        if case .object(let v as VectorValue) = other {
            theirs = Dictionary(v.entries.map { ($0.labels, $0.value) }, uniquingKeysWith: { a, _ in a })
        }
        func show(_ v: Value) -> String { if case .nodata = v { return "no data" } else { return v.literal } }
        let parts = entries.compactMap { e -> String? in
            guard let outcome = holds[e.labels] else { return nil }
            let counterpart = theirs.map { $0[e.labels] ?? .nodata } ?? other
            let shown: BinaryOp = if case .bool(false) = outcome { op.failing } else { op }
            let (l, r) = selfOnLeft ? (e.value, counterpart) : (counterpart, e.value)
            return (e.labels.isEmpty ? "" : e.labels.fingerprint + " ") + "\(show(l)) \(shown.rawValue) \(show(r))"
        }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    override public func negated() throws -> Value? {
        try each { e in Item(try e.value.applying(.negate), e.reason) }
    }

    override public func logicalNot() throws -> Value? {
        try each { e in Item(try e.value.applying(.not), e.reason) }
    }

    override public func logical(_ op: BinaryOp, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        try combinedLogically(op, other, selfOnLeft: selfOnLeft)
    }

    override public var nodataReasons: [String] {
        var seen = Set<String>()
        return entries.compactMap { e in reasons[e.labels].flatMap { seen.insert($0).inserted ? $0 : nil } }
    }

    /// All elements must hold (Kleene conjunction): any false is false, else any unknown is unknown.
    override public func truth() throws -> ObjectTruth {
        var all: Bool? = true
        for e in entries {
            all = Kleene.and(all, try e.value.truthValue())
            if all == false { return .known(false) }
        }
        return all.map { .known($0) } ?? .unknown
    }

    /// Per label set, in label order: true, false or nil (unknown) — what a rule's state
    /// machines consume. Where two elements share a label set (series differing only in
    /// their metric name) the later one counts, as in `conditions()`.
    public func conditionList() throws -> [(labels: Labels, condition: Bool?)] {
        var out: [(labels: Labels, condition: Bool?)] = []
        out.reserveCapacity(entries.count)
        for e in entries {
            let condition: Bool?
            switch e.value {
            case .bool(let b): condition = b
            case .nodata: condition = nil
            default: condition = try e.value.truthValue()
            }
            // Entries are sorted, so a repeated label set follows its first occurrence.
            if let previous = out.last, previous.labels == e.labels { out.removeLast() }
            out.append((e.labels, condition))
        }
        return out
    }
}
