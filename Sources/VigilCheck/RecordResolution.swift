import VigilSyntax

/// Keeps what each name resolved to (`Resolutions`), as the name is resolved: the compiler
/// compiles these entries and resolves nothing itself.
extension CheckPass {
    /// Records that `name` at `range` is `symbol`, found from the current scope.
    func recordResolution(of symbol: Symbol, _ name: String, at range: SourceRange) {
        guard let resolution = resolution(of: symbol, name) else { return }
        recordResolution(resolution, name, at: range)
    }

    func recordResolution(_ resolution: Resolution, _ name: String, at range: SourceRange) {
        resolutions.record(resolution, name, at: range, in: file.path)
    }

    private func resolution(of symbol: Symbol, _ name: String) -> Resolution? {
        switch symbol.kind {
        case .builtin: return .builtin(name, overloads: nil)
        case .signal, .setting: return .lent
        default: break
        }
        guard let owner = scope.owner(of: name), let frame = owner.frame else { return .global }
        // Every scope under a frame scope has a frame enclosing it, and a frame scope gives
        // each of its locals a slot; nil would be a resolver bug, compiled as an unknown name.
        guard let slot = owner.slot(of: name), let depth = scope.frame?.depth(of: frame) else { return nil }
        return .local(depth: depth, slot: slot)
    }

    /// Declares a local (a `let`, parameter, loop variable or nested `fn` in a function or
    /// block) in the current scope and records the binding its name declares.
    func declareLocal(_ symbol: Symbol, what: String = "") {
        declare(symbol, what: what)
        recordDeclaration(symbol.name, at: symbol.range)
    }

    /// Records the slot the current scope gave `name` at its declaration; a duplicate
    /// declaration, which the scope refused, records nothing.
    func recordDeclaration(_ name: String, at range: SourceRange) {
        guard scope.lookupHere(name)?.range == range, let slot = scope.slot(of: name) else { return }
        recordResolution(.local(depth: 0, slot: slot), name, at: range)
    }
}
