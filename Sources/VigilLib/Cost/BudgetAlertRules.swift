import VigilEngines
import VigilRuntime
import VigilSyntax

/// `alert actual` and `alert forecast` in a budget: its thresholds written as ordinary rules,
/// evaluated every hour, so replay, `vigil test` and `watch` see them as any other rule.
/// `"<budget> budget warning"` holds while spend is at `warn at` of the limit or more,
/// `"<budget> budget exceeded"` while it is over the limit and, with `alert forecast`,
/// `"<budget> budget forecast"` while the end-of-period forecast is over the limit (as AWS
/// Budgets' FORECASTED alert, which warns before the actual spend gets there). A rule fires
/// once when its threshold is crossed and resolves when a new period starts below it, so
/// each alerts once per budget, threshold and period.
enum BudgetAlertRules {
    static func source(for budget: Budget, forecast: Bool) -> String {
        let limit = Value.number(budget.limit, .money).literal
        let warn = Value.number(budget.warnAt, Unit(.number, .percent)).literal
        let status = "budget_status(\(budget.name))"
        var rules = [
            ("warning", "\(status).spent >= \(warn) * \(limit)"),
            ("exceeded", "\(status).spent > \(limit)"),
        ]
        if forecast { rules.insert(("forecast", "\(status).forecast > \(limit)"), at: 0) }
        return rules.map { name, condition in
            """
            rule "\(budget.name) budget \(name)" {
              every 1h
              when \(condition)
            }

            """
        }.joined()
    }

    /// The rules as a program of their own, in a file named for the budget (what reports cite).
    static func program(for budget: BudgetObject, forecast: Bool) throws -> Program {
        let file = SourceFile(path: "\(budget.file.path) (budget \(budget.budget.name) alerts)",
                              text: source(for: budget.budget, forecast: forecast))
        let (program, diagnostics) = Parser.parse(file)
        if let first = diagnostics.first { throw first }
        return program
    }
}
