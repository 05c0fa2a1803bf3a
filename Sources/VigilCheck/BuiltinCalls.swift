import VigilSyntax

/// Calls of builtins: the overload is chosen by arity, then by the kinds of the arguments;
/// a builtin whose feature is not built is refused.
extension CheckPass {
    /// The call's static type, and the signatures of the overloads it may bind to (nil when
    /// the call was refused, so the runtime keeps every overload open).
    func callBuiltin(_ name: String, _ calleeRange: SourceRange, _ args: [Argument],
                     _ range: SourceRange) -> (type: StaticType, open: [String]?) {
        let overloads = surface.lookup(name)
        let types = args.map { infer($0.value) }
        let positional = args.indices.filter { args[$0].label == nil }
        let byArity = overloads.filter { arityProblem($0, args, positional.count) == nil }
        guard !overloads.isEmpty else { return (.unknown, nil) }
        if byArity.isEmpty {
            let nearest = Builtin.nearest(overloads, positional: positional.count, labels: args.compactMap(\.label))
            if let (message, where_, hint) = arityProblem(nearest, args, positional.count) {
                error(message, where_ ?? range, expected: "`\(nearest.signature)`", hint: hint)
            }
            return (.unknown, nil)
        }
        let fitting = byArity.filter { kindProblem($0, args, types, positional) == nil }
        if fitting.isEmpty, let first = byArity.first, let (message, where_) = kindProblem(first, args, types, positional) {
            error(message, where_, expected: "`\(first.signature)`")
            return (.unknown, nil)
        }
        let candidates = fitting.isEmpty ? byArity : fitting
        guard let chosen = candidates.first(where: { isAvailable($0.feature) }) else {
            require(candidates[0].feature, for: "`\(name)` is", calleeRange)
            return (.unknown, nil)
        }
        if chosen.hasEffect { noteEffect(name, calleeRange) }
        let available = candidates.filter { isAvailable($0.feature) }
        // Nil when every overload is left open: the common single-overload call records no list.
        let open = available.count == overloads.count ? nil : available.map(\.signature)
        switch chosen.result {
        case .kind(let k): return (StaticType(k), open)
        case .sameAsArgument(let i): return (i < positional.count ? types[positional[i]] : .unknown, open)
        }
    }

    /// Records an action: refused in a pure context, remembered for the function being walked.
    func noteEffect(_ name: String, _ range: SourceRange) {
        if let pure = context.pureContext {
            error("`\(name)` is an action, so it cannot be used in \(pure)", range, hint: Self.purityHint(pure))
        }
        if let f = context.function { callGraph.addEffect(in: f, name: name, at: range) }
    }

    static func purityHint(_ pure: String) -> String {
        "\(pure) must be pure: put actions in a rule's `then`, a canary `on` hook or a runbook step"
    }

    /// Why the arguments cannot match this overload's parameters by count and name, if they
    /// cannot (the rule the runtime binds by), with the argument to blame.
    private func arityProblem(_ b: Builtin, _ args: [Argument], _ positionalCount: Int) -> (String, SourceRange?, String?)? {
        let labelled = args.filter { $0.label != nil }
        guard let problem = b.bindingProblem(positional: positionalCount, labels: labelled.compactMap(\.label)) else { return nil }
        switch problem.culprit {
        case .positional(let n): return (problem.message, args.filter { $0.label == nil }[n].value.range, problem.hint)
        case .label(let n): return (problem.message, labelled[n].labelRange, problem.hint)
        case .call: return (problem.message, nil, problem.hint)
        }
    }

    /// The first argument whose static type certainly does not fit its parameter.
    private func kindProblem(_ b: Builtin, _ args: [Argument], _ types: [StaticType], _ positional: [Int]) -> (String, SourceRange)? {
        let params = b.positional
        for (n, argIndex) in positional.enumerated() {
            guard let p = n < params.count ? params[n] : params.last else { continue }
            if let problem = mismatch(b, p, args[argIndex].value, types[argIndex]) { return problem }
        }
        for (i, arg) in args.enumerated() {
            guard let label = arg.label, let p = b.parameters.first(where: { $0.name == label }) else { continue }
            if let problem = mismatch(b, p, arg.value, types[i]) { return problem }
        }
        return nil
    }

    private func mismatch(_ b: Builtin, _ p: BuiltinParameter, _ value: Expr, _ t: StaticType) -> (String, SourceRange)? {
        p.admits(t) ? nil : (b.mismatch(p, found: describe(t, value)), value.range)
    }
}
