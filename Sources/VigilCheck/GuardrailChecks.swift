import VigilSyntax

/// `limit ACTION to N per D` and `require approval for …` in a runbook: the action must be
/// one the runbook can take, the count a whole number, the period a duration, the cost money.
extension CheckPass {
    func checkGuardrail(_ guardrail: GuardrailDecl) {
        switch guardrail {
        case .rateLimit(let action, let actionRange, let count, let period):
            checkGuardedAction(action, actionRange)
            if case .quantity(let q) = count.kind, q.dimension == .number, q.value >= 1, q.value == q.value.rounded() {
            } else {
                error("`limit \(action) to` needs a whole number of actions, such as 3", count.range,
                      expected: "a count such as `limit \(action) to 3 per 1h`")
            }
            checkQuantity(period, .duration, for: "per", example: "1h")
        case .approvalFor(let action, let actionRange):
            checkGuardedAction(action, actionRange)
        case .approvalAbove(let cost):
            checkQuantity(cost, .money, for: "above", example: "$100")
        }
    }

    /// A guardrail names an action by its builtin name (`page`, `rollback`, `exec`).
    private func checkGuardedAction(_ name: String, _ range: SourceRange) {
        let actions = surface.builtins.filter { $0.category == .action && $0.hasEffect }.map(\.name)
        guard !actions.contains(name) else { return }
        error("`\(name)` is not an action a guardrail can limit", range, expected: "an action such as `rollback`, `page` or `exec`",
              hint: Spelling.hint(for: name, in: actions))
    }
}
