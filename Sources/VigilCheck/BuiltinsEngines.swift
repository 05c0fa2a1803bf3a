/// The builtins of engines that are planned but not built yet: notifications, cost,
/// the status summary, runbooks. They are declared so a call is "not available yet" rather than
/// unknown; when an engine is built, its entries move to its binding in VigilLib
/// (see `EngineBinding`), next to their implementations.
extension Builtin {
    static let plannedEngineBuiltins: [Builtin] = [
        // rules and alerting (§5, §9)
        builtin("silence", [param("matchers", .record), named("for", .duration, required: true)], .kind(.none),
                .incident, .notifications, "Mutes notifications matching the labels for a while.", effect: true,
                example: "silence({service: \"checkout\"}, for: 1h)"),
        // cost (§8)
        builtin("cost", [named("tenant", .string), named("operation", .string), named("over", .duration)], .kind(.money),
                .cost, .cost, "What the matching usage cost over the period (default: month to date).",
                example: "cost(tenant: \"acme\", over: 30d)"),
        builtin("month_to_date", [param("tenant", .string, .budget)], .kind(.money), .cost, .cost,
                "The tenant's spend since the start of the month.", example: "month_to_date(\"acme\")"),
        builtin("forecast_spend", [param("tenant", .string, .budget)], .kind(.money), .cost, .cost,
                "The tenant's expected spend at the end of the month.", example: "forecast_spend(\"acme\")"),
        builtin("budget_status", [param("budget", .budget)], .kind(.record), .cost, .cost,
                "Spend, limit, fraction used and forecast of a budget.", example: "budget_status(acme_monthly)"),
        builtin("recommendations", [param("tenant", .string, .budget)], .kind(.list), .cost, .cost,
                "Ways to spend less (batching, caching, spikes), each with an estimated saving.",
                example: "recommendations(\"acme\")"),
        // incidents (§9)
        builtin("status", [], .kind(.record), .incident, .status,
                "Overall health with per-service lines, items needing attention, cost and recent changes.",
                example: "status()"),
        // runbooks (§11)
        builtin("confirm", [param("question", .string)], .kind(.bool), .runbook, .runbook,
                "Asks on the terminal; --yes answers yes, no terminal answers no.", effect: true,
                example: "confirm(\"Roll back checkout?\")"),
    ]
}
