/// The builtins of engines that are planned but not built yet: notifications. They are
/// declared so a call is "not available yet" rather than unknown; when an engine is built,
/// its entries move to its binding in VigilLib
/// (see `EngineBinding`), next to their implementations.
extension Builtin {
    static let plannedEngineBuiltins: [Builtin] = [
        // rules and alerting (§5, §9)
        builtin("silence", [param("matchers", .record), named("for", .duration, required: true)], .kind(.none),
                .incident, .notifications, "Mutes notifications matching the labels for a while.", effect: true,
                example: "silence({service: \"checkout\"}, for: 1h)"),
    ]
}
