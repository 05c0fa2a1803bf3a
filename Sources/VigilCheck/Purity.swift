import VigilSyntax

/// Whole-program judgements made once the call graph is complete: recursion, and actions
/// reached from pure contexts through user functions.
extension CheckPass {
    func reportCallCycles() {
        for cycle in callGraph.cycles() {
            let chain = cycle.names.joined(separator: " → ")
            if cycle.onlyCalls {
                error("recursive call: \(chain) (Vigil forbids recursion so every run terminates)",
                      cycle.site, hint: "rewrite it with `for` over a finite list, or with fold")
            } else {
                // Named but not called here: a builtin or function it is passed to may call it.
                let through = cycle.names.count > 2 ? " through \(chain)" : ""
                error("`\(cycle.names[0])` is used in its own definition\(through) (Vigil forbids recursion so every run terminates)",
                      cycle.site, hint: "a function that can reach itself may call itself forever: pass what it needs as a parameter, or use `for` over a finite list, or fold")
            }
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
