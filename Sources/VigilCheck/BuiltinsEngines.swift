/// The engines' builtins: rules, canary, SLO, cost, anomalies, incidents, runbooks.
extension Builtin {
    static let engineBuiltins: [Builtin] = [
        // rules and alerting (§5, §9)
        builtin("alarm", [param("severity", .severity)], .kind(.bool), .incident, .incidents,
                "True while an alert or incident of that severity is open for the enclosing service."),
        builtin("silence", [param("matchers", .record), named("for", .duration, required: true)], .kind(.none),
                .incident, .incidents, "Mutes notifications matching the labels for a while.", effect: true),
        // canary (§6)
        builtin("bucket", [param("key", .string), named("salt", .string), named("canary", .string, .canary)], .kind(.number),
                .canary, .canary,
                "A stable hash of key into 0..9999, so a user inside at 10% stays inside at 50%; salted with `salt:`, "
                    + "or with the canary's name inside (or naming, `canary:`) a canary."),
        builtin("routes_to_candidate", [param("canary", .string, .canary), param("key", .string)], .kind(.bool), .canary, .canary,
                "Whether the request keyed by `key` goes to the candidate at the current weight."),
        builtin("mann_whitney", [param("s", .vector, .series), named("confidence", .number), named("tolerance", .number),
                                  named("allowed_increase", .number)],
                .kind(.bool), .canary, .canary,
                "Mann-Whitney U judge: whether candidate and stable samples of the signal do not differ."),
        // SLOs (§7)
        builtin("burn_rate", [param("slo", .slo), param("w", .duration)], .kind(.number), .slo, .slo,
                "Error ratio over the window divided by the error budget."),
        builtin("error_budget", [param("slo", .slo)], .kind(.number), .slo, .slo, "The fraction of the error budget left."),
        builtin("budget_spent", [param("slo", .slo)], .kind(.number), .slo, .slo, "The fraction of the error budget spent."),
        builtin("compliance", [param("slo", .slo), param("w", .duration)], .kind(.number), .slo, .slo,
                "The fraction of good events over the window."),
        builtin("slo", [param("name", .string)], .kind(.slo), .slo, .slo, "The SLO declared with that name."),
        // cost (§8)
        builtin("cost", [named("tenant", .string), named("operation", .string), named("over", .duration)], .kind(.money),
                .cost, .cost, "What the matching usage cost over the period (default: month to date)."),
        builtin("month_to_date", [param("tenant", .string, .budget)], .kind(.money), .cost, .cost,
                "The tenant's spend since the start of the month."),
        builtin("forecast_spend", [param("tenant", .string, .budget)], .kind(.money), .cost, .cost,
                "The tenant's expected spend at the end of the month."),
        builtin("budget_status", [param("budget", .budget)], .kind(.record), .cost, .cost,
                "Spend, limit, fraction used and forecast of a budget."),
        builtin("recommendations", [param("tenant", .string, .budget)], .kind(.list), .cost, .cost,
                "Ways to spend less (batching, caching, spikes), each with an estimated saving."),
        // anomalies and incidents (§9)
        builtin("anomaly", [param("s", .vector, .series), named("method", .string), named("threshold", .number),
                            named("min_samples", .number)], .kind(.anomaly), .anomaly, .anomaly,
                "Detects a spike or drop of the signal (method relative, zscore or mad)."),
        builtin("anomalies", [optional("service", .service, .string), named("since", .duration)], .kind(.list),
                .anomaly, .anomaly, "Anomalies detected recently, for one service or all."),
        builtin("root_cause", [param("anomaly", .anomaly)], .kind(.list), .anomaly, .anomaly,
                "Recent deployments ranked by proximity to the anomaly's onset and by service."),
        builtin("incidents", [named("open", .bool)], .kind(.list), .incident, .incidents,
                "The incidents, or only the open ones."),
        builtin("status", [], .kind(.record), .incident, .incidents,
                "Overall health with per-service lines, items needing attention, cost and recent changes."),
        // runbooks (§11)
        builtin("confirm", [param("question", .string)], .kind(.bool), .runbook, .runbook,
                "Asks on the terminal; --yes answers yes, no terminal answers no.", effect: true),
        builtin("last_deployment", [param("service", .string, .service)], .kind(.deployment), .canary, .canary,
                "The service's most recent deployment: {service, version, previous, status, strategy, started, age}."),
        builtin("deployments", [param("service", .string, .service)], .kind(.list), .canary, .canary,
                "The service's deployments from the store, oldest first, as last_deployment's records."),
    ]
}
