import VigilSyntax

/// Three-valued (Kleene) logic: the one truth table of `and`, `or` and `not`, for plain
/// conditions and for each element of a vector alike. `nil` is unknown (nodata): false
/// wins an `and`, true wins an `or`, and otherwise unknown is contagious.
public enum Kleene {
    @inline(__always) public static func and(_ a: Bool?, _ b: Bool?) -> Bool? {
        if a == false || b == false { return false }
        return a == true && b == true ? true : nil
    }

    @inline(__always) public static func or(_ a: Bool?, _ b: Bool?) -> Bool? {
        if a == true || b == true { return true }
        return a == false && b == false ? false : nil
    }

    @inline(__always) public static func not(_ a: Bool?) -> Bool? { a.map { !$0 } }

    /// `a op b` for `op` either `and` or `or`.
    @inline(__always) public static func apply(_ op: BinaryOp, _ a: Bool?, _ b: Bool?) -> Bool? {
        op == .and ? and(a, b) : or(a, b)
    }

    /// Whether the left side alone decides `op` (false for `and`, true for `or`), so the
    /// right side need not be evaluated.
    @inline(__always) public static func decides(_ op: BinaryOp, _ a: Bool?) -> Bool {
        a == (op == .or)
    }

    /// A truth as a value: unknown is nodata.
    @inline(__always) public static func value(_ t: Bool?) -> Value { t.map(Value.bool) ?? .nodata }
}

extension Operators {
    /// `a and b` / `a or b`, the way every evaluator of the language computes them. A plain
    /// left side that decides alone skips the right side (which may depend on it, as in
    /// `x != none and x.age < 1h`). An object on either side that works per label set (a
    /// vector) combines element by element, so each label set keeps its own truth;
    /// otherwise both sides count by their overall truth.
    static func logical(_ op: BinaryOp, _ a: Value, _ site: Site, right: () throws -> Value) throws -> Value {
        let what = "each side of `\(op.rawValue)`"
        if case .object(let o) = a {
            let b = try right()
            if let r = try site.object({ try o.logical(op, b, selfOnLeft: true) }) { return r }
            return try plain(op, truth(a, site, what), b, site, what)
        }
        let at = try truth(a, site, what)
        if Kleene.decides(op, at) { return Kleene.value(at) }
        return try plain(op, at, try right(), site, what)
    }

    /// The rest of `logical` once the left side is a plain truth: an object on the right may
    /// still combine per element.
    private static func plain(_ op: BinaryOp, _ at: Bool?, _ b: Value, _ site: Site, _ what: String) throws -> Value {
        if case .object(let o) = b, let r = try site.object({ try o.logical(op, Kleene.value(at), selfOnLeft: false) }) {
            return r
        }
        return Kleene.value(Kleene.apply(op, at, try truth(b, site, what)))
    }
}
