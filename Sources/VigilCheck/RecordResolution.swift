import VigilSyntax

/// Keeps what each name resolved to (`Resolutions`), as the name is resolved: the compiler
/// compiles these entries and resolves nothing itself.
extension CheckPass {
    /// Records that `name` at `range` is `symbol`, found from the current scope.
    func recordResolution(of symbol: Symbol, _ name: String, at range: SourceRange) {
        recordResolution(resolution(of: symbol, name), name, at: range)
    }

    func recordResolution(_ resolution: Resolution, _ name: String, at range: SourceRange) {
        resolutions.record(resolution, name, at: range, in: file.path)
    }

    private func resolution(of symbol: Symbol, _ name: String) -> Resolution {
        switch symbol.kind {
        case .builtin: return .builtin(name, overloads: nil)
        case .signal, .setting: return .lent
        default: break
        }
        let owner = scope.owner(of: name)
        return owner === globals || owner === importScope ? .global : .local
    }
}
