import VigilActions
import VigilCheck
import VigilRuntime
import VigilSyntax

/// A runbook's guardrails as written (`limit rollback to 3 per 1h`, `require approval for
/// exec`, `require approval for actions above $100`, `max_actions_per_minute 20`), read into
/// the actions layer's `Guardrails` value.
enum RunbookGuardrails {
    static func read(_ decl: BlockDecl, _ settings: BlockSettings, _ file: SourceFile) throws -> Guardrails {
        var guardrails = Guardrails()
        if let max = try settings.number("max_actions_per_minute", .number) {
            // Bounded above so `Int(max)` cannot trap (`max_actions_per_minute 1e300`).
            guard max >= 1, max <= 1e9, max == max.rounded() else {
                throw settings.fail("`max_actions_per_minute` needs a whole number from 1 to 1000000000, such as 20",
                                    settings.setting("max_actions_per_minute")!.values[0].range)
            }
            guardrails.maxActionsPerMinute = Int(max)
        }
        for item in decl.items {
            guard case .guardrail(let g) = item.kind else { continue }
            switch g {
            case .rateLimit(let action, _, let count, let period):
                guard case .quantity(let q) = count.kind, q.dimension == .number, q.value >= 1, q.value <= 1e9,
                      q.value == q.value.rounded() else {
                    throw RuntimeError("`limit \(action) to` needs a whole number of actions, such as 3", file: file, range: count.range)
                }
                let ms = try VigilSession.constantDuration(period, "per", file, positive: true)
                guardrails.limits.append(Guardrails.RateLimit(action: action, count: Int(q.value), period: ms))
            case .approvalFor(let action, _):
                guardrails.approvalFor.insert(action)
            case .approvalAbove(let cost):
                guard case .quantity(let q) = cost.kind, q.dimension == .money, q.value >= 0 else {
                    throw RuntimeError("`above` needs an amount of money such as $100", file: file, range: cost.range)
                }
                guardrails.approvalAbove = q.value
            }
        }
        return guardrails
    }
}
