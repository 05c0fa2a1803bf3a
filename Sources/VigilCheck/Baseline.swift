import VigilSyntax

/// `baseline` means "the baseline of the signal on the other side of this comparison", so
/// a comparison first looks for a signal among its operands.
extension CheckPass {
    /// The type of the first signal `e` mentions, `.unknown` when `e` holds a name that does
    /// not resolve (so its own error is reported once, without a second one about `baseline`),
    /// or nil when no signal is involved.
    func signalType(in e: Expr) -> StaticType? {
        switch e.kind {
        case .name(let name):
            guard let symbol = scope.lookup(name) else {
                return name == "baseline" || !surface.lookup(name).isEmpty ? nil : .unknown
            }
            if case .signal = symbol.kind { return type(of: symbol) }
            return nil
        case .member(let base, let name, _):
            if case .name(let baseName) = base.kind, let symbol = scope.lookup(baseName) {
                switch symbol.kind {
                case .service(let signals): return signals[name].map { type(of: $0) } ?? .unknown
                case .module(let exported):
                    if let s = exported[name], case .signal = s.kind { return type(of: s) }
                    return nil
                default: return nil
                }
            }
            return signalType(in: base)
        case .binary(_, let l, let r): return signalType(in: l) ?? signalType(in: r)
        case .unary(_, let operand): return signalType(in: operand)
        case .call(let callee, let args):
            return signalType(in: callee) ?? args.lazy.compactMap { self.signalType(in: $0.value) }.first
        case .index(let base, let index): return signalType(in: base) ?? signalType(in: index)
        default: return nil
        }
    }

    /// `baseline(S, window: 7d, method: "median")` as the runtime compiles it: a literal
    /// duration and a literal method, and neither inside a canary, where `baseline` is the
    /// stable version's value (the runtime's words, so both refuse the same code alike).
    func checkBaselineArguments(_ args: [Argument]) {
        for a in args {
            guard let label = a.label else { continue }
            let range = a.labelRange ?? a.value.range
            if context.blockKind == .canary, label == "window" || label == "method" {
                error("inside a canary `baseline` is the stable version's value; `window:` and `method:` do not apply", range,
                      hint: "write `error_rate > baseline + 0.5%`")
                continue
            }
            switch (label, a.value.kind) {
            case ("window", .quantity(let q)) where q.dimension == .duration: break
            case ("method", .string(let segments)):
                guard segments.count == 1, case .text(let m) = segments[0], ["mean", "median", "ewma"].contains(m) else {
                    error("`method:` of `baseline` is \"mean\", \"median\" or \"ewma\"", a.value.range)
                    continue
                }
            case ("window", _), ("method", _):
                error("`baseline(…)` takes `window:` (a duration such as 7d) and `method:` (\"mean\", \"median\" or \"ewma\")",
                      a.value.range)
            default: break  // unknown labels: the builtin's own check names them
            }
        }
    }
}
