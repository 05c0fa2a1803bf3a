import VigilSyntax

/// Whole-program judgements made once the call graph is complete: recursion, and actions
/// reached from pure contexts through user functions.
extension CheckPass {
    func reportCallCycles() {
        for cycle in callGraph.cycles() {
            error("recursive call: \(cycle.names.joined(separator: " → ")) (Vigil forbids recursion so every run terminates)",
                  cycle.site, hint: "rewrite it with `for` over a finite list, or with fold")
        }
    }

    func reportImpureCalls() {
        for use in pureUses {
            guard let (effect, via) = callGraph.firstEffect(from: use.function) else { continue }
            let chain = via.count > 1 ? " (through \(via.joined(separator: " → ")))" : ""
            error("`\(use.function.name)` performs the action `\(effect)`\(chain), so it cannot be called from \(use.context)",
                  use.range, hint: Self.purityHint(use.context))
        }
    }
}
