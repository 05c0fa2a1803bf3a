/// The builtins of engines that are planned but not built yet: incidents. They are declared
/// so a call is "not available yet" rather than unknown; when an engine is built, its entries
/// move to its binding in VigilLib
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
        // incidents (§9)
        builtin("incidents", [named("open", .bool)], .kind(.list), .incident, .incidents,
                "The incidents, or only the open ones.", example: "incidents(open: true)"),
    ]
}
