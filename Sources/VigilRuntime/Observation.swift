import VigilSyntax

/// A requirement's condition compiled so that evaluating it also says why it came out as
/// it did: `p95_ms = 6.2ms > 5ms` (the operator shown is the one that holds).
indirect enum Observation {
    case comparison(BinaryOp, Side, Side, Site, OperandTexts)
    case logical(BinaryOp, Observation, Observation, Site)
    case not(Observation, Site)
    /// Any other expression: shown as `text = value`, or just the value for a literal.
    case value(Side)

    struct Side {
        let text: String
        let code: Evaluator
        let isLiteral: Bool

        func show(_ v: Value) -> String {
            let shown = Observation.show(v)
            return isLiteral || text == shown ? shown : "\(text) = \(shown)"
        }
    }

    static func show(_ v: Value) -> String {
        if case .nodata = v { return "no data" }
        return v.literal
    }

    /// The operator that holds when `op` does not: `<=` fails as `>`.
    static func negated(_ op: BinaryOp) -> BinaryOp {
        switch op {
        case .lt: .ge
        case .le: .gt
        case .gt: .le
        case .ge: .lt
        case .eq: .ne
        case .ne: .eq
        default: op
        }
    }

    func evaluate(_ f: Frame) throws -> (Value, String) {
        switch self {
        case .comparison(let op, let l, let r, let s, let texts):
            let a = try l.code(f), b = try r.code(f)
            let result = try Operators.binary(op, a, b, s, texts)
            if case .object(let o) = a, let shown = o.observation(op, b, result: result, selfOnLeft: true) {
                return (result, l.isLiteral ? shown : "\(l.text) = \(shown)")
            }
            if case .object(let o) = b, let shown = o.observation(op, a, result: result, selfOnLeft: false) {
                return (result, l.isLiteral || l.text == Observation.show(a) ? shown : "\(l.text) = \(shown)")
            }
            let shownOp = result.isFalse ? Observation.negated(op) : op
            return (result, "\(l.show(a)) \(shownOp.rawValue) \(Observation.show(b))")
        case .logical(let op, let l, let r, let s):
            let (a, aText) = try l.evaluate(f)
            var bText: String?
            let result = try Operators.logical(op, a, s) {
                let (b, text) = try r.evaluate(f)
                bText = text
                return b
            }
            // Short-circuited as the language does: the right side may depend on the left.
            guard let bText else { return (result, aText) }
            return (result, "\(aText) \(op.rawValue) \(bText)")
        case .not(let inner, let s):
            let (v, text) = try inner.evaluate(f)
            return (try Operators.not(v, s), "not (\(text))")
        case .value(let side):
            let v = try side.code(f)
            return (v, side.show(v))
        }
    }
}

extension BinaryOp {
    /// The comparison that holds when this one fails (`<=` fails as `>`), for observations
    /// that show the operator that actually holds.
    public var failing: BinaryOp { Observation.negated(self) }
}

extension Value {
    var isFalse: Bool {
        if case .bool(false) = self { return true }
        return false
    }
}

extension Compiler {
    func observation(_ e: Expr) throws -> Observation {
        switch e.kind {
        case .binary(let op, let l, let r) where op.isComparison:
            let saved = baselineSubject
            defer { baselineSubject = saved }
            baselineSubject = baselineSubject(op, l, r)
            return .comparison(op, try side(l), try side(r), site(e.range),
                               OperandTexts(left: text(l.range), right: text(r.range)))
        case .binary(let op, let l, let r) where op.isLogical:
            return .logical(op, try observation(l), try observation(r), site(e.range))
        case .unary(.not, let inner):
            return .not(try observation(inner), site(e.range))
        default:
            return .value(try side(e))
        }
    }

    private func side(_ e: Expr) throws -> Observation.Side {
        Observation.Side(text: text(e.range), code: try expression(e), isLiteral: Compiler.isLiteral(e))
    }
}

extension Observation {
    /// The same semantics as `evaluate` (and as compiled `and`/`or`, through
    /// `Operators.logical`), collecting comparisons instead of building text: a policy's
    /// recording pass (`CompiledExpression` records through the ordinary code instead).
    func collect(_ f: Frame, _ out: inout [ObservedComparison], recording: Bool) throws -> Value {
        switch self {
        case .comparison(let op, let l, let r, let s, let texts):
            let a = try l.code(f), b = try r.code(f)
            let result = try Operators.binary(op, a, b, s, texts)
            guard recording else { return result }
            out.append(ObservedComparison(op: op, left: .init(text: l.text, value: a, isLiteral: l.isLiteral),
                                          right: .init(text: r.text, value: b, isLiteral: r.isLiteral), result: result))
            return result
        case .logical(let op, let l, let r, let s):
            let a = try l.collect(f, &out, recording: recording)
            return try Operators.logical(op, a, s) { try r.collect(f, &out, recording: recording) }
        case .not(let inner, let s):
            return try Operators.not(try inner.collect(f, &out, recording: recording), s)
        case .value(let side):
            return try side.code(f)
        }
    }
}
