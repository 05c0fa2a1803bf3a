import VigilSyntax

/// Infers the static type of expressions, resolving every name on the way.
extension CheckPass {
    @discardableResult
    func infer(_ e: Expr) -> StaticType {
        switch e.kind {
        case .quantity(let q): return .quantity(q.dimension)
        case .regex: return .regex
        case .bool: return .bool
        case .none: return .none
        case .severity: return .severity
        case .invalid: return .unknown
        case .name(let name): return typeOfName(name, e.range)
        case .binary(let op, let l, let r): return inferBinary(op, l, r)
        case .unary(.negate, let operand):
            let t = infer(operand)
            if t.dimension == .timestamp {
                error("cannot negate \(UnitAlgebra.describe(.timestamp, text(operand)))", e.range,
                      hint: "subtract timestamps to get a duration: t2 - t1")
            } else if t.certainlyNotBool, t.dimension == nil, t != .quantity(nil) {
                error("cannot negate \(describe(t, operand))", e.range)
            }
            return t
        default:
            return withContext({ $0.baselineType = nil }) { inferNested(e) }
        }
    }

    /// Expressions whose parts are not operands of the enclosing comparison.
    private func inferNested(_ e: Expr) -> StaticType {
        switch e.kind {
        case .string(let segments):
            for case .interpolation(let inner) in segments { infer(inner) }
            return .string
        case .list(let items):
            items.forEach { infer($0) }
            return .list
        case .record(let fields):
            var seen: [String: SourceRange] = [:]
            for field in fields {
                if let first = seen[field.key] {
                    error("key `\(field.key)` appears twice in the record", field.keyRange, hint: firstDefinitionNote(first))
                } else {
                    seen[field.key] = field.keyRange
                }
                infer(field.value)
            }
            return .record
        case .unary(.not, let operand):
            checkCondition(operand, keyword: "not")
            return .bool
        case .call(let callee, let args): return withContext({ $0.binding = nil }) { inferCall(callee, args, e.range) }
        case .member(let base, let name, let nameRange): return inferMember(base, name, nameRange)
        case .index(let base, let index):
            let t = infer(base)
            infer(index)
            if t.certainlyNotBool, ![.list, .record, .string, .series, .quantity(nil)].contains(t) {
                error("cannot index \(describe(t, base))", e.range, expected: "a list, record or string")
            }
            return .unknown
        case .lambda(let f): return inferLambda(f)
        default: return infer(e)
        }
    }

    /// The source text of an expression, for messages.
    func text(_ e: Expr) -> String { file.slice(e.range) }

    /// "a duration (10m)", "a string ("x")".
    func describe(_ t: StaticType, _ e: Expr) -> String {
        if let d = t.dimension { return UnitAlgebra.describe(d, text(e)) }
        let source = text(e)
        return "\(t) (\(source.count > 40 ? String(source.prefix(37)) + "..." : source))"
    }

    /// Reports a value that can never be true or false where a condition is expected.
    func checkCondition(_ e: Expr, keyword: String) {
        let t = infer(e)
        if t.certainlyNotBool {
            error("`\(keyword)` needs a condition that is true or false, found \(describe(t, e))", e.range,
                  hint: t.dimension != nil ? "compare it: `\(text(e)) > …`" : nil)
        }
    }

    /// Reports a value of the wrong dimension where a quantity of `dimension` is required.
    func checkQuantity(_ e: Expr, _ dimension: Dimension, for keyword: String, example: String) {
        let t = infer(e)
        guard t.certainlyNotBool || t == .bool, !t.fits(ValueKind(rawValue: dimension.description) ?? .quantity) else { return }
        var hint: String?
        if case .quantity(let q) = e.kind, q.dimension == .number {
            let v = QuantityFormat.number(q.value)
            hint = dimension == .duration ? "write the unit: \(v)m or \(v)s" : dimension == .money ? "write the currency: $\(v)" : nil
        }
        let needed = dimension == .duration ? "a duration" : dimension == .money ? "an amount of money" : "a \(dimension)"
        error("`\(keyword)` needs \(needed) such as `\(example)`, found \(describe(t, e))", e.range, hint: hint)
    }

    private func typeOfName(_ name: String, _ range: SourceRange) -> StaticType {
        if name == "baseline", scope.lookup(name) == nil {
            // The baseline form even where it cannot stand: the compiler refuses it there in the same words.
            recordResolution(.baseline, name, at: range)
            if let t = context.baselineType { return t }
            error("`baseline` cannot stand here", range,
                  expected: "`baseline` as an operand of a comparison with a signal, as in `error_rate > baseline + 0.5%`",
                  hint: "or call it explicitly: baseline(error_rate, window: 7d, method: \"median\")")
            return .unknown
        }
        guard let symbol = lookupSymbol(name, range) else { return .unknown }
        noteUse(of: symbol.node, at: range, isCall: false)
        return type(of: symbol)
    }

    func type(of symbol: Symbol) -> StaticType {
        if case .signal(let service) = symbol.kind { return signalTypes["\(service).\(symbol.name)"] ?? .unknown }
        return symbol.type
    }

    /// Finds a user symbol or builtin, reporting an unknown name with a suggestion.
    func lookupSymbol(_ name: String, _ range: SourceRange) -> Symbol? {
        if let s = scope.lookup(name) {
            recordResolution(of: s, name, at: range)
            return s
        }
        let overloads = surface.lookup(name)
        if let first = overloads.first {
            recordResolution(.builtin(name, overloads: nil), name, at: range)
            if !overloads.contains(where: { isAvailable($0.feature) }) {
                require(first.feature, for: "`\(name)` is", range)
            }
            return Symbol(name: name, kind: .builtin, type: .function(minArity: first.minPositional, maxArity: first.maxPositional),
                          file: file, range: range)
        }
        if context.blockKind == .slo, Self.sloBindings.contains(name) {
            error("`\(name)` is a binding of this slo, not a name its other bindings can read", range,
                  hint: "write each of `good`, `bad` and `total` as its own selector, such as series(\"http_requests_total\", code: \"200\")")
            return nil
        }
        let qualified = qualifiedSignals(named: name).sorted().first.map { "did you mean `\($0)`?" }
        error("unknown name `\(name)`", range, hint: Spelling.hint(for: name, in: scope.visibleNames.union(surface.names)) ?? qualified)
        return nil
    }

    /// `checkout.error_rate` for every service with a signal spelled like `name`, so a bare
    /// signal used outside its service gets its qualified name suggested.
    private func qualifiedSignals(named name: String) -> [String] {
        globals.visibleNames.compactMap { serviceName -> [String]? in
            guard let s = globals.lookup(serviceName), case .service(let signals) = s.kind else { return nil }
            return signals.keys.filter { Spelling.distance($0, name) <= 1 }.map { "\(serviceName).\($0)" }
        }.flatMap { $0 }
    }

    private func inferMember(_ base: Expr, _ name: String, _ nameRange: SourceRange) -> StaticType {
        if case .name(let baseName) = base.kind, let symbol = scope.lookup(baseName) {
            switch symbol.kind {
            case .service(let signals):
                recordResolution(of: symbol, baseName, at: base.range)
                if let signal = signals[name] { return type(of: signal) }
                error("service `\(baseName)` has no signal `\(name)`", nameRange, hint: Spelling.hint(for: name, in: signals.keys))
                return .unknown
            case .module(let exported):
                recordResolution(of: symbol, baseName, at: base.range)
                if let s = exported[name] { return type(of: s) }
                error("module `\(baseName)` has no `\(name)`", nameRange, hint: Spelling.hint(for: name, in: exported.keys))
                return .unknown
            default:
                break
            }
        }
        let t = infer(base)
        if t.certainlyNotBool, ![.record, .series, .quantity(nil)].contains(t) {
            error("\(describe(t, base)) has no field `\(name)`", nameRange)
        }
        return .unknown
    }

    /// A lambda stored in a variable runs when the variable is called, so its body is walked
    /// as the variable's code; any other lambda (an argument) as the enclosing code's.
    private func inferLambda(_ f: FunctionLiteral) -> StaticType {
        guard let node = context.binding else { return walkLambda(f) }
        callGraph.addFunction(node)
        return withContext({ $0.function = node; $0.binding = nil }) { walkLambda(f) }
    }

    private func walkLambda(_ f: FunctionLiteral) -> StaticType {
        withScope(frame: FrameLayout(parent: currentFrame)) {
            declareParameters(f.params)
            let savedReturns = returnTypes
            defer { returnTypes = savedReturns }
            switch f.body {
            case .expression(let body): infer(body)
            case .block(let block): checkStatements(block.stmts)
            }
            let required = f.params.filter { $0.defaultValue == nil }.count
            return .function(minArity: required, maxArity: f.params.count)
        }
    }

    func declareParameters(_ params: [Parameter]) {
        for p in params {
            if let d = p.defaultValue { infer(d) }
            if let existing = scope.lookupHere(p.name) {
                error("duplicate parameter `\(p.name)`", p.range, hint: firstDefinitionNote(existing.range))
                continue
            }
            // Parameters come first in the frame, in order: the call stores argument i in slot i.
            scope.declare(Symbol(name: p.name, kind: .parameter, type: .unknown, file: file, range: p.range, isRebindable: true))
            recordDeclaration(p.name, at: p.range)
        }
    }
}
