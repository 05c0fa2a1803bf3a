import VigilSyntax

extension Compiler {
    /// Binary operators. Each arithmetic operator gets its own closure with an inline fast
    /// path for two plain numbers; units, strings and nodata take the general path.
    func binary(_ op: BinaryOp, _ lhs: Expr, _ rhs: Expr, _ range: SourceRange) throws -> Evaluator {
        // In `S op … baseline …` (either side), `baseline` is the baseline of S.
        let saved = baselineSubject
        defer { baselineSubject = saved }
        if op.isComparison, environment.baseline != nil {
            if Compiler.mentionsBaseline(rhs) { baselineSubject = lhs } else if Compiler.mentionsBaseline(lhs) { baselineSubject = rhs }
        }
        let l = try expression(lhs), r = try expression(rhs)
        let s = site(range), texts = OperandTexts(left: text(lhs.range), right: text(rhs.range))
        if case .quantity(let q) = rhs.kind, q.dimension == .number, q.style == .plain,
           let code = constantRight(op, l, q.value, s, texts) {
            return code
        }
        switch op {
        case .and: return { f in try Compiler.and(l, r, f, s) }
        case .or: return { f in try Compiler.or(l, r, f, s) }
        case .add:
            return { f in
                let a = try l(f), b = try r(f)
                if case .number(let x, .plain) = a, case .number(let y, .plain) = b { return .number(x + y, .plain) }
                return try Operators.binary(.add, a, b, s, texts)
            }
        case .sub:
            return { f in
                let a = try l(f), b = try r(f)
                if case .number(let x, .plain) = a, case .number(let y, .plain) = b { return .number(x - y, .plain) }
                return try Operators.binary(.sub, a, b, s, texts)
            }
        case .mul:
            return { f in
                let a = try l(f), b = try r(f)
                if case .number(let x, .plain) = a, case .number(let y, .plain) = b { return .number(x * y, .plain) }
                return try Operators.binary(.mul, a, b, s, texts)
            }
        case .mod:
            return { f in
                let a = try l(f), b = try r(f)
                if case .number(let x, .plain) = a, case .number(let y, .plain) = b, y != 0 {
                    return .number(Operators.floorMod(x, y), .plain)
                }
                return try Operators.binary(.mod, a, b, s, texts)
            }
        case .lt:
            return { f in
                let a = try l(f), b = try r(f)
                if case .number(let x, let u) = a, case .number(let y, let v) = b, u.dimension == v.dimension { return .bool(x < y) }
                return try Operators.binary(.lt, a, b, s, texts)
            }
        default:
            return { f in try Operators.binary(op, try l(f), try r(f), s, texts) }
        }
    }

    /// Whether `e` uses the bare name `baseline` outside any nested comparison or call.
    static func mentionsBaseline(_ e: Expr) -> Bool {
        switch e.kind {
        case .name(let n): return n == "baseline"
        case .binary(let op, let l, let r): return !op.isComparison && !op.isLogical && (mentionsBaseline(l) || mentionsBaseline(r))
        case .unary(.negate, let x): return mentionsBaseline(x)
        default: return false
        }
    }

    /// `x * 3`, `i + 1`, `n mod 7`: a plain-number literal on the right needs no closure
    /// call and no value copy.
    private func constantRight(_ op: BinaryOp, _ l: @escaping Evaluator, _ c: Double, _ s: Site,
                               _ texts: OperandTexts) -> Evaluator? {
        let constant = Value.number(c, .plain)
        switch op {
        case .add:
            return { f in
                let a = try l(f)
                if case .number(let x, .plain) = a { return .number(x + c, .plain) }
                return try Operators.binary(.add, a, constant, s, texts)
            }
        case .sub:
            return { f in
                let a = try l(f)
                if case .number(let x, .plain) = a { return .number(x - c, .plain) }
                return try Operators.binary(.sub, a, constant, s, texts)
            }
        case .mul:
            return { f in
                let a = try l(f)
                if case .number(let x, .plain) = a { return .number(x * c, .plain) }
                return try Operators.binary(.mul, a, constant, s, texts)
            }
        case .mod where c != 0:
            return { f in
                let a = try l(f)
                if case .number(let x, .plain) = a { return .number(Operators.floorMod(x, c), .plain) }
                return try Operators.binary(.mod, a, constant, s, texts)
            }
        default:
            return nil
        }
    }

    /// Kleene `and`: false wins, then unknown, then true. The right side is skipped when
    /// the left is false.
    static func and(_ l: Evaluator, _ r: Evaluator, _ f: Frame, _ s: Site) throws -> Value {
        let a = try Operators.truth(try l(f), s, "each side of `and`")
        if a == false { return .bool(false) }
        let b = try Operators.truth(try r(f), s, "each side of `and`")
        if b == false { return .bool(false) }
        return a == true && b == true ? .bool(true) : .nodata
    }

    /// Kleene `or`: true wins, then unknown, then false.
    static func or(_ l: Evaluator, _ r: Evaluator, _ f: Frame, _ s: Site) throws -> Value {
        let a = try Operators.truth(try l(f), s, "each side of `or`")
        if a == true { return .bool(true) }
        let b = try Operators.truth(try r(f), s, "each side of `or`")
        if b == true { return .bool(true) }
        return a == false && b == false ? .bool(false) : .nodata
    }
}
