import VigilCheck

/// The registered engine bindings: the one list the session installs, the checker's surface
/// and features, `vigil doc` and `vigil run` read.
public enum Engines {
    public static let all: [any EngineBinding] = [
        StatusBinding(), CanaryBinding(), SimulatorBinding(), SLOBinding(), AnomalyBinding(), RunbookBinding(), CostBinding(), IncidentBinding(),
        NotificationBinding(),
    ]

    /// The features that are built: the language's own, every registered engine's, and
    /// action delivery (the actions layer, wired by `ActionLog`).
    public static let features: Set<Feature> = Feature.language.union(all.map(\.feature)).union([.actions])

    /// The core builtins and blocks plus every registered engine's.
    public static let surface: LanguageSurface = surface(of: all)

    /// The core builtins and blocks plus those of `engines`.
    public static func surface(of engines: [any EngineBinding]) -> LanguageSurface {
        engines.reduce(LanguageSurface.core) { surface, engine in
            surface.adding(builtins: engine.builtins.flatMap(\.declarations), blocks: engine.blocks)
        }
    }

    /// What the checker may assume: the engines' surface, with `available` features built.
    public static func checkOptions(available: Set<Feature> = features) -> CheckOptions {
        CheckOptions(available: available, surface: surface)
    }

    /// Runs the blocks of every engine of the session (`vigil run`), in registration order.
    public static func run(in session: VigilSession, _ request: EngineRunRequest) throws -> [EngineOutcome] {
        try session.engines.flatMap { try $0.run(in: session, request) }
    }
}
