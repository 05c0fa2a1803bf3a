import VigilRuntime
import VigilSyntax
import VigilSeries

/// How two operands meet element by element (LANGUAGE §4, "Matching"): elements pair by
/// identical label sets; an element without a partner meets nodata (for `and`/`or`, the
/// unknown of Kleene logic), and an element left nodata says why — the label sets that did
/// not match, a division by zero, or the reason its operand already carried.
extension VectorValue {
    /// One operand element in an operation: its value and, when nodata, why.
    struct Item {
        let value: Value
        let reason: String?

        init(_ value: Value, _ reason: String? = nil) {
            self.value = value
            self.reason = reason
        }
    }

    /// This vector's elements through `body`, keeping labels, order and reasons.
    func each(_ body: (Item) throws -> Item) rethrows -> Value {
        var out: [Entry] = [], why: [Labels: String] = [:]
        out.reserveCapacity(entries.count)
        for e in entries {
            let r = try body(Item(e.value, reasons.isEmpty ? nil : reasons[e.labels]))
            if let reason = r.reason { why[e.labels] = reason }
            out.append(Entry(e.labels, r.value))
        }
        return VectorValue.make(keepingOrder: out, reasons: why)
    }

    /// Arithmetic or a comparison on one pair of elements. A zero divisor is nodata
    /// ("division by zero") for this element only: zero traffic must not stop a rule.
    static func element(_ op: BinaryOp, _ l: Item, _ r: Item) throws -> Item {
        let v = try l.value.applying(op, r.value)
        guard case .nodata = v else { return Item(v) }
        if Value.dividesByZero(op, l.value, r.value) { return Item(.nodata, "division by zero") }
        return Item(.nodata, l.reason ?? r.reason)
    }

    /// Both vectors' elements paired by label set, in label order: `combine(left, right)`
    /// for each pair, and for an element on one side only, with nodata on the other.
    /// Both entry lists are sorted, so one merge pass pairs them without hashing.
    func matched(with other: VectorValue, _ op: BinaryOp, selfOnLeft: Bool,
                 _ combine: (Item, Item) throws -> Item) rethrows -> Value {
        let (left, right) = selfOnLeft ? (self, other) : (other, self)
        let l = left.entries, r = right.entries
        var out: [Entry] = [], why: [Labels: String] = [:]
        out.reserveCapacity(max(l.count, r.count))
        func add(_ labels: Labels, _ result: Item, unmatchedOnLeft: Bool?) {
            out.append(Entry(labels, result.value))
            guard case .nodata = result.value else { return }
            if let reason = result.reason {
                why[labels] = reason
            } else if let onLeft = unmatchedOnLeft {
                why[labels] = Self.unmatched(labels, onLeft: onLeft, op, onLeft ? right : left)
            }
        }
        var i = 0, j = 0
        while i < l.count || j < r.count {
            // Equality first: the usual case, and cheap (a hash compare) where sets differ.
            if i < l.count, j < r.count, l[i].labels == r[j].labels {
                add(l[i].labels, try combine(left.item(l[i]), right.item(r[j])), unmatchedOnLeft: nil)
                i += 1
                // Several left elements of one label set (series differing only in their
                // metric name) each meet the first right one; its duplicates are passed over.
                if i == l.count || l[i].labels != r[j].labels {
                    j += 1
                    while j < r.count, r[j].labels == r[j - 1].labels { j += 1 }
                }
            } else if j == r.count || (i < l.count && l[i].labels < r[j].labels) {
                add(l[i].labels, try combine(left.item(l[i]), Item(.nodata)), unmatchedOnLeft: true)
                i += 1
            } else {
                add(r[j].labels, try combine(Item(.nodata), right.item(r[j])), unmatchedOnLeft: false)
                j += 1
            }
        }
        return VectorValue.make(keepingOrder: out, reasons: why)
    }

    private func item(_ e: Entry) -> Item { Item(e.value, reasons.isEmpty ? nil : reasons[e.labels]) }

    /// `{code="500"} on the left of `/` matches no label set on the right ({code="200"})`.
    static func unmatched(_ labels: Labels, onLeft: Bool, _ op: BinaryOp, _ others: VectorValue) -> String {
        let shown = others.entries.prefix(3).map { show($0.labels) }.joined(separator: ", ")
        let more = others.entries.count > 3 ? " and \(others.entries.count - 3) more" : ""
        return "\(show(labels)) on the \(onLeft ? "left" : "right") of `\(op.rawValue)` matches no label set on the "
            + "\(onLeft ? "right" : "left") (\(shown)\(more))"
    }

    static func show(_ labels: Labels) -> String { labels.isEmpty ? "{}" : labels.fingerprint }

    /// `and` / `or` per label set with Kleene logic; a plain side (a bool or nodata) meets
    /// every element.
    func combinedLogically(_ op: BinaryOp, _ other: Value, selfOnLeft: Bool) throws -> Value {
        func truth(_ v: Value) throws -> Bool? {
            switch v {
            case .bool(let b): return b
            case .nodata: return nil
            default: throw ObjectError("each side of `\(op.rawValue)` must be a bool, found \(v.described)")
            }
        }
        func combine(_ l: Item, _ r: Item) throws -> Item {
            let lt = try truth(l.value), rt = try truth(r.value)
            if let t = Kleene.apply(op, lt, rt) { return Item(.bool(t)) }
            return Item(.nodata, (lt == nil ? l.reason : nil) ?? (rt == nil ? r.reason : nil))
        }
        switch other {
        case .object(let v as VectorValue):
            return try matched(with: v, op, selfOnLeft: selfOnLeft, combine)
        case .object(let s as SeriesSelection):
            return try combinedLogically(op, s.instant(), selfOnLeft: selfOnLeft)
        default:
            let plain = Item(other)
            return try each { e in try selfOnLeft ? combine(e, plain) : combine(plain, e) }
        }
    }
}
