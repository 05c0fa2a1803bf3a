import VigilSyntax

/// Binary operators: logic, comparisons and arithmetic, checked against UnitAlgebra so
/// the checker and the runtime word a unit error the same way.
extension CheckPass {
    func inferBinary(_ op: BinaryOp, _ l: Expr, _ r: Expr) -> StaticType {
        if op.isLogical {
            withContext({ $0.baselineType = nil }) {
                checkCondition(l, keyword: op.rawValue)
                checkCondition(r, keyword: op.rawValue)
            }
            return .bool
        }
        if op.isComparison {
            let signal = signalType(in: l) ?? signalType(in: r)
            let (lt, rt) = withContext({ $0.baselineType = signal }) { (infer(l), infer(r)) }
            checkUnits(op, l, lt, r, rt)
            return .bool
        }
        let lt = infer(l), rt = infer(r)
        if op == .div || op == .mod, let divisor = literal(r), divisor.value == 0 {
            // At run time a zero divisor is nodata (zero traffic); written, it is a mistake.
            error("division by zero: the divisor `\(text(r))` is a literal zero", r.range,
                  hint: "a computed zero divisor gives nodata; a written one is never what was meant")
        }
        return checkUnits(op, l, lt, r, rt)
    }

    /// The type of `l op r` for an arithmetic operator (or the operand type for a comparison),
    /// reporting illegal mixes of dimensions.
    @discardableResult
    func checkUnits(_ op: BinaryOp, _ l: Expr, _ lt: StaticType, _ r: Expr, _ rt: StaticType) -> StaticType {
        switch (lt, rt) {
        case (.quantity(let ld?), .quantity(let rd?)):
            if let result = UnitAlgebra.result(op, ld, rd) { return .quantity(result) }
            reportUnitError(op, l, ld, r, rd)
            return .unknown
        case (.quantity, .quantity), (.quantity, .series), (.series, .quantity), (.series, .series):
            return .quantity(nil)
        case (.string, .string) where op == .add:
            return .string
        case (.list, .list) where op == .add:
            return .list
        default:
            if !op.isComparison, lt.certainlyNotBool || lt == .bool, rt.certainlyNotBool || rt == .bool,
               lt.dimension == nil || rt.dimension == nil, lt != .quantity(nil), rt != .quantity(nil) {
                error("cannot use `\(op.rawValue)` on \(describe(lt, l)) and \(describe(rt, r))", l.range.union(r.range))
            }
            return .unknown
        }
    }

    private func reportUnitError(_ op: BinaryOp, _ l: Expr, _ ld: Dimension, _ r: Expr, _ rd: Dimension) {
        let message = UnitAlgebra.message(op, ld, text(l), rd, text(r))
        var hint = UnitAlgebra.hint(op, ld, text(l), literal(r), rDim: rd)
        if op.isComparison, ld == .number, rd != .number, let q = literal(l) {
            // `3 < latency`: the bare number is on the left; suggest its unit all the same.
            hint = UnitAlgebra.hint(op, rd, text(r), q, rDim: ld) ?? hint
        }
        error(message, l.range.union(r.range), hint: hint)
    }

    private func literal(_ e: Expr) -> Quantity? {
        if case .quantity(let q) = e.kind { return q }
        return nil
    }
}
