/// The builtins of engines that are planned but not built yet: cost, anomalies,
/// incidents. They are declared so a call is "not available yet" rather than
/// unknown; when an engine is built, its entries move to its binding in VigilLib
/// (see `EngineBinding`), next to their implementations.
extension Builtin {
    static let plannedEngineBuiltins: [Builtin] = [
        // rules and alerting (§5, §9)
        builtin("alarm", [param("severity", .severity)], .kind(.bool), .incident, .incidents,
                "True while an alert or incident of that severity is open for the enclosing service.",
                example: "alarm(P1)"),
        builtin("silence", [param("matchers", .record), named("for", .duration, required: true)], .kind(.none),
                .incident, .incidents, "Mutes notifications matching the labels for a while.", effect: true,
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
        builtin("incidents", [named("open", .bool)], .kind(.list), .incident, .incidents,
                "The incidents, or only the open ones.", example: "incidents(open: true)"),
    ]
}
