import VigilRuntime
import VigilSeries
import VigilSyntax

/// One value a gate line observed, for machines: the number in its base unit, the unit,
/// and the text a person reads (`6.2ms` is 0.0062 seconds). A vector operand gives one
/// value per label set.
public struct GateValue: Equatable {
    /// The operand's source text, e.g. `stage_a_p95` or `5ms`.
    public var expression: String
    /// The label set of a vector element; empty for a single value.
    public var labels: [String: String]
    /// The number in `unit`; nil for a value that is not a number (`no data`, a bool).
    public var number: Double?
    /// `seconds`, `dollars`, `bytes`, `ratio` (a percent or multiplier), `unix_seconds`
    /// (a timestamp), or "" for a plain number; nil when `number` is nil.
    public var unit: String?
    public var text: String

    public init(expression: String, labels: [String: String] = [:], number: Double?, unit: String?, text: String) {
        self.expression = expression
        self.labels = labels
        self.number = number
        self.unit = unit
        self.text = text
    }

    init(expression: String, labels: Labels, value: Value) {
        var number: Double?, unit: String?
        if case .number(let v, let u) = value, v.isFinite {
            number = v
            unit = GateValue.unitName(u)
        }
        let text: String = if case .nodata = value { "no data" } else { value.literal }
        self.init(expression: expression, labels: labels.dictionary, number: number, unit: unit, text: text)
    }

    /// The base unit a number of this unit is expressed in.
    static func unitName(_ unit: Unit) -> String {
        switch unit.dimension {
        case .duration: "seconds"
        case .money: "dollars"
        case .bytes: "bytes"
        case .timestamp: "unix_seconds"
        case .number: unit.style == .plain ? "" : "ratio"
        }
    }

    /// Every operand of the comparisons a line made, once each, in the order met.
    public static func values(of comparisons: [ObservedComparison]) -> [GateValue] {
        var out: [GateValue] = []
        for c in comparisons {
            for operand in [c.left, c.right] {
                for v in expand(operand) where !out.contains(where: { $0.expression == v.expression && $0.labels == v.labels }) {
                    out.append(v)
                }
            }
        }
        return out
    }

    private static func expand(_ operand: ObservedComparison.Operand) -> [GateValue] {
        var value = operand.value
        if case .object(let selection as SeriesSelection) = value { value = selection.instant() }
        if case .object(let vector as VectorValue) = value {
            return vector.entries.map { GateValue(expression: operand.text, labels: $0.labels, value: $0.value) }
        }
        return [GateValue(expression: operand.text, labels: Labels(), value: value)]
    }
}
