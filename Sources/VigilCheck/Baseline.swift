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
                return name == "baseline" || !Builtin.lookup(name).isEmpty ? nil : .unknown
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
}
