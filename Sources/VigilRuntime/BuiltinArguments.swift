import VigilSyntax

/// Typed access to builtin arguments, with errors that name the builtin and the parameter.
extension BuiltinCall {
    func list(_ v: Value, _ what: String) throws -> [Value] {
        if case .list(let items) = v { return items }
        throw error("\(what) must be a list, found \(v.described)")
    }

    func string(_ v: Value, _ what: String) throws -> String {
        if case .string(let s) = v { return s }
        throw error("\(what) must be a string, found \(v.described)")
    }

    func number(_ v: Value, _ what: String) throws -> (Double, Unit) {
        if case .number(let x, let u) = v { return (x, u) }
        throw error("\(what) must be a number, found \(v.described)")
    }

    func function(_ v: Value, _ what: String) throws -> Value {
        if case .function = v { return v }
        throw error("\(what) must be a function, found \(v.described)")
    }

    /// A predicate's answer: true, false or unknown (nil, from nodata).
    func truth(_ v: Value, _ what: String) throws -> Bool? {
        switch v {
        case .bool(let b): return b
        case .nodata: return nil
        case .object(let o):
            if case .known(let b) = try site.object({ try o.truth() }) { return b }
            if case .unknown = try site.object({ try o.truth() }) { return nil }
            throw error("\(what) must return a bool, found \(v.described)")
        default: throw error("\(what) must return a bool, found \(v.described)")
        }
    }

    /// `a op b` with the language's unit rules (for sums, averages, comparisons).
    func arithmetic(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
        try Operators.binary(op, a, b, site, OperandTexts(left: "", right: ""))
    }
}
