import VigilRuntime
import VigilSeries
import VigilSyntax

/// Renders the comparisons a condition made, for one label set, the way a person reads
/// them: `error_rate = 1.2% > 1%` (the operator shown is the one that held), `no data`.
enum ObservedValues {
    /// The comparisons for `labels`; when the whole `condition` is nodata for them and says
    /// why (a label set without a partner), the reason follows.
    static func render(_ comparisons: [ObservedComparison], for labels: Labels, condition: Value? = nil) -> String {
        let shown = comparisons.map { c -> String in
            let holds = truth(of: c.result, for: labels)
            return ObservedComparison.line(show(c.left, labels), c.op, show(c.right, labels), holds: holds)
        }.joined(separator: ", ")
        guard let reason = condition.flatMap({ nodataReason(of: $0, for: labels) }) else { return shown }
        if shown.isEmpty { return "no data: " + reason }
        return shown + " (no data: " + reason + ")"
    }

    /// Why a condition's element for `labels` is nodata, when its vector knows.
    private static func nodataReason(of condition: Value, for labels: Labels) -> String? {
        guard case .object(let vector as VectorValue) = condition,
              let e = vector.entries.first(where: { $0.labels == labels }), case .nodata = e.value else { return nil }
        return vector.reasons[labels]
    }

    /// One operand: `text = value`, or only the value for a literal.
    private static func show(_ operand: ObservedComparison.Operand, _ labels: Labels) -> String {
        operand.shown(element(operand.value, labels))
    }

    /// The element of a vector (or of a bare selection's newest samples) for `labels`: nodata
    /// when the vector has none — never another label set's value, even when only one is
    /// left. The empty label set stands for the condition as a whole (before any series had
    /// a value, say): it shows a lone element's value, else the whole vector. Any other
    /// value is itself.
    static func element(_ value: Value, _ labels: Labels) -> Value {
        if case .object(let o as SeriesSelection) = value { return element(o.instant(), labels) }
        guard case .object(let o) = value, let vector = o as? VectorValue else { return value }
        if let match = vector.entries.first(where: { $0.labels == labels }) { return match.value }
        guard labels.isEmpty else { return .nodata }
        return vector.entries.count == 1 ? vector.entries[0].value : value
    }

    private static func truth(of result: Value, for labels: Labels) -> Bool? {
        (try? element(result, labels).truthValue()) ?? nil
    }
}
