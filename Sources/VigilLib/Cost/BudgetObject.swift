import VigilEngines
import VigilRuntime
import VigilSyntax

/// A declared `budget NAME { tenant "…"  limit $1800 per month  warn at 80% }` at run time:
/// the handle `budget_status(NAME)` takes, and a tenant for `month_to_date(NAME)`.
final class BudgetObject: RuntimeObject {
    let budget: Budget
    /// `alert actual|forecast|none`: which alert rules the budget installs.
    let alert: String
    let file: SourceFile

    init(_ decl: BlockDecl, file: SourceFile, session: VigilSession) throws {
        let interpreter = session.interpreter
        let settings = BlockSettings(decl, schema: CostBinding.budgetBlock, file: file) {
            try interpreter.evaluate(expression: $0, in: file)
        }
        let name = decl.name ?? ""
        let tenant = try settings.string("tenant")
        alert = try settings.word("alert").word
        self.file = file
        var limit: (Double, BudgetPeriod)?
        var warnAt = Budget.defaultWarnAt
        for item in decl.items {
            switch item.kind {
            case .limit(let amount, let period, let periodRange):
                guard case .number(let v, let unit) = try interpreter.evaluate(expression: amount, in: file),
                      unit.dimension == .money, v > 0, v.isFinite else {
                    throw settings.fail("`limit` needs a positive amount of money such as $1800", amount.range)
                }
                guard let p = BudgetPeriod(rawValue: period) else {
                    throw settings.fail("unknown period `\(period)`: expected day, week or month", periodRange)
                }
                limit = (v, p)
            case .warnAt(let share):
                guard case .number(let v, _) = try interpreter.evaluate(expression: share, in: file), v > 0, v.isFinite else {
                    throw settings.fail("`warn at` needs a share of the limit such as 80%", share.range)
                }
                warnAt = v
            default: continue
            }
        }
        guard let (amount, period) = limit else {
            throw settings.fail("budget `\(name)` needs a limit such as `limit $1800 per month`", decl.nameRange ?? decl.range)
        }
        budget = Budget(name: name, tenant: tenant, limit: amount, period: period, warnAt: warnAt)
    }

    override var typeName: String { "budget" }

    override var display: String {
        "budget \(budget.name) (\(budget.tenant), \(Value.number(budget.limit, .money).literal) per \(budget.period.rawValue))"
    }

    override var memberNames: [String] { ["name", "tenant", "limit", "period", "warn_at"] }

    override func member(_ name: String) throws -> Value? {
        switch name {
        case "name": return .string(budget.name)
        case "tenant": return .string(budget.tenant)
        case "limit": return .number(budget.limit, .money)
        case "period": return .string(budget.period.rawValue)
        case "warn_at": return .number(budget.warnAt, Unit(.number, .percent))
        default: return nil
        }
    }
}
