import VigilSyntax

/// Which arithmetic is legal between dimensions, and what it yields. The checker uses it
/// where types are known; the runtime uses it for everything else, so both report the
/// same rule in the same words.
public enum UnitAlgebra {
    /// The dimension of `l op r`, or nil when the operation mixes dimensions illegally.
    /// Comparisons yield the common dimension of their operands (the caller makes it a bool).
    public static func result(_ op: BinaryOp, _ l: Dimension, _ r: Dimension) -> Dimension? {
        switch op {
        case .add:
            if l == r { return l == .timestamp ? nil : l }
            if l == .timestamp, r == .duration { return .timestamp }
            if l == .duration, r == .timestamp { return .timestamp }
            return nil
        case .sub:
            if l == r { return l == .timestamp ? .duration : l }
            if l == .timestamp, r == .duration { return .timestamp }
            return nil
        case .mul:
            if l == .timestamp || r == .timestamp { return nil }
            if l == .number { return r }
            if r == .number { return l }
            return nil
        case .div:
            if l == .timestamp || r == .timestamp { return nil }
            if r == .number { return l }
            if l == r { return .number }
            return nil
        case .mod:
            if l == .timestamp || r == .timestamp { return nil }
            if r == .number || l == r { return l }
            return nil
        case .eq, .ne, .lt, .le, .gt, .ge:
            return l == r ? l : nil
        case .and, .or:
            return nil
        }
    }

    /// The display style of a legal result: percent wins over multiplier wins over plain
    /// for sums and products of numbers; ratios of like quantities are plain numbers.
    public static func style(_ op: BinaryOp, _ l: Quantity, _ r: Quantity, result: Dimension) -> QuantityStyle {
        switch result {
        case .bytes: return l.dimension == .bytes ? l.style : r.style
        case .number:
            if op == .div, l.dimension == r.dimension, l.dimension != .number { return .plain }
            if op == .div, r.style != .plain, l.style == .plain { return .plain }
            if l.style == .percent || r.style == .percent { return .percent }
            if l.style == .multiplier || r.style == .multiplier { return .multiplier }
            return .plain
        default: return .plain
        }
    }

    /// Whether `-x` is legal.
    public static func canNegate(_ d: Dimension) -> Bool { d != .timestamp }

    /// "a duration (latency_p95)", "a number (50%)".
    public static func describe(_ d: Dimension, _ text: String?) -> String {
        let article = d == .duration ? "a duration" : d == .money ? "money" : d == .bytes ? "a byte size"
            : d == .timestamp ? "a timestamp" : "a number"
        guard let text, !text.isEmpty else { return article }
        return "\(article) (\(text.count > 40 ? String(text.prefix(37)) + "..." : text))"
    }

    /// The sentence for an illegal operation: "cannot add a number (50%) to a duration (latency_p95)".
    public static func message(_ op: BinaryOp, _ l: Dimension, _ lText: String?, _ r: Dimension, _ rText: String?) -> String {
        let a = describe(l, lText), b = describe(r, rText)
        switch op {
        case .add: return "cannot add \(b) to \(a)"
        case .sub: return "cannot subtract \(b) from \(a)"
        case .mul: return "cannot multiply \(a) by \(b)"
        case .div: return "cannot divide \(a) by \(b)"
        case .mod: return "cannot take \(a) modulo \(b)"
        default: return "cannot compare \(a) with \(b)"
        }
    }

    /// A suggestion for the common mistakes: a percent added to a quantity (meant as a
    /// relative increase), a bare number compared with a duration, money or bytes.
    public static func hint(_ op: BinaryOp, _ l: Dimension, _ lText: String?, _ r: Quantity?, rDim: Dimension) -> String? {
        if (op == .add || op == .sub), l != .number, rDim == .number, let r, r.style == .percent {
            let factor = Quantity(op == .add ? 1 + r.value : 1 - r.value, style: .percent)
            return "did you mean \(lText ?? "x") * \(factor)?"
        }
        if op.isComparison || op == .add || op == .sub, rDim == .number, let r, r.style == .plain {
            let v = QuantityFormat.number(r.value)
            switch l {
            case .duration: return "write the unit: \(v)s or \(v)ms"
            case .money: return "write the currency: $\(v)"
            case .bytes: return "write the unit: \(v)MB or \(v)MiB"
            case .timestamp: return "write a timestamp such as @2025-01-15T14:30:00Z, or a duration to add to one"
            default: break
            }
        }
        if op.isComparison, l == .number, rDim != .number {
            return "both sides of a comparison need the same unit"
        }
        return nil
    }
}
