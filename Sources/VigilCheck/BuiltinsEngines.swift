/// The builtins of engines that are planned but not built yet (none at the moment). They are
/// declared so a call is "not available yet" rather than unknown; when an engine is built,
/// its entries move to its binding in VigilLib
/// (see `EngineBinding`), next to their implementations.
extension Builtin {
    static let plannedEngineBuiltins: [Builtin] = []
}
