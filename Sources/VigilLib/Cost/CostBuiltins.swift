import VigilCheck
import VigilEngines
import VigilRuntime
import VigilSeries
import VigilSyntax

/// The cost builtins (LANGUAGE.md §8), each declared next to its implementation. A tenant is
/// named by a string or by a budget handle (its tenant).
extension CostBinding {
    static let costBuiltins: [EngineBuiltin] = [
        EngineBuiltin(builtin(
            "cost", [named("tenant", .string, .budget), named("operation", .string), named("capability", .string),
                     named("over", .duration)], .kind(.money), .cost, .cost,
            "What the matching usage (usage_total × prices) and billed costs (FOCUS) cost over the trailing `over`, "
                + "or month to date without it; by tenant, operation and capability, each optional.",
            example: "cost(tenant: \"acme\", over: 1d)")) { session in
            { args, call in
                let ledger = try CostData.ledger(call, session)
                var filter = ChargeFilter(tenant: isNone(args[0]) ? nil : try tenant(args[0], call, ledger))
                filter.operation = try narrow(args[1], "operation", { $0.operation }, filter, ledger, call)
                filter.capability = try narrow(args[2], "capability", { $0.capability }, filter, ledger, call)
                let now = nowMs(call)
                guard case .number(let over, let unit) = args[3] else { return money(ledger.monthToDate(filter, now: now)) }
                guard unit.dimension == .duration, over > 0, over.isFinite else {
                    throw call.error("`over` must be a positive duration such as 1d, found \(args[3].literal)")
                }
                return money(ledger.total(filter, from: now - Timestamp((over * 1000).rounded()), to: now))
            }
        },
        EngineBuiltin(builtin(
            "month_to_date", [param("tenant", .string, .budget)], .kind(.money), .cost, .cost,
            "The tenant's spend since the first of the month (UTC).", example: "month_to_date(\"acme\")")) { session in
            { args, call in
                let ledger = try CostData.ledger(call, session)
                return money(ledger.monthToDate(ChargeFilter(tenant: try tenant(args[0], call, ledger)), now: nowMs(call)))
            }
        },
        EngineBuiltin(builtin(
            "forecast_spend", [param("tenant", .string, .budget)], .kind(.money), .cost, .cost,
            "The tenant's expected spend at the end of the month (of a budget's period for a budget): spent so far "
                + "plus the days left at the mean daily spend of the last 7 whole days; nodata before a whole day.",
            example: "forecast_spend(\"acme\")")) { session in
            { args, call in
                let ledger = try CostData.ledger(call, session)
                let name = try tenant(args[0], call, ledger), now = nowMs(call)
                let period = budgetHandle(args[0])?.budget.period ?? .month
                let (start, end) = period.bounds(now)
                guard let f = SpendForecast(ledger, ChargeFilter(tenant: name), now: now, periodStart: start, periodEnd: end) else {
                    call.noteNodata(noForecast(name))
                    return .nodata
                }
                return money((f.value * 100).rounded() / 100)
            }
        },
        EngineBuiltin(builtin(
            "budget_status", [param("budget", .budget, .string)], .kind(.record), .cost, .cost,
            "A budget (declared `budget NAME { … }`, or its name) now: spent, limit, left, used, the forecast with its "
                + "95% band and what it rests on, and the state ok, warning (spent ≥ warn at, or the forecast over the "
                + "limit) or exceeded.",
            example: "budget_status(\"acme\")")) { session in
            { args, call in
                let handle = try budget(args[0], call, session)
                let ledger = try CostData.ledger(call, session)
                _ = try tenant(args[0], call, ledger)
                return statusRecord(BudgetStatus(handle.budget, ledger, now: nowMs(call)), call)
            }
        },
        EngineBuiltin(builtin(
            "recommendations", [param("tenant", .string, .budget)], .kind(.list), .cost, .cost,
            "Ways to spend less, each {kind, operation, evidence, saving (a month), action}: a spend spike (a day over "
                + "2x its baseline), batching (many calls), caching (repeated reads per call).",
            example: "recommendations(\"acme\")")) { session in
            { args, call in
                let ledger = try CostData.ledger(call, session)
                let name = try tenant(args[0], call, ledger)
                return .list(CostAdvisor().recommendations(ledger, tenant: name, now: nowMs(call)).map { r in
                    .record(Record([
                        ("kind", .string(r.kind.rawValue)), ("tenant", .string(r.tenant)),
                        ("operation", r.operation.map(Value.string) ?? Value.none), ("evidence", .string(r.evidence)),
                        ("saving", .number(r.monthlySaving, .money)), ("action", .string(r.action)),
                    ]))
                })
            }
        },
    ]
}
