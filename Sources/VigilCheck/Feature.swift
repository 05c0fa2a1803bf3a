/// A part of Vigil that a program may use only once it is built. The checker refuses a
/// program that reaches for a missing part instead of letting it fail (or pass) at run time.
public enum Feature: String, Sendable, CaseIterable, Hashable {
    case core, series, rules, canary, slo, cost, anomaly, incidents, notifications, status, runbook, actions, tests, simulator

    /// The features built into the language itself; an engine binding adds its own (VigilLib's
    /// `Engines.features` is the whole set). The checker refuses the others as "not available
    /// yet", and their builtins are declared but not bound at run time.
    public static let language: Set<Feature> = [.core, .series, .rules, .tests]

    /// Why the feature is missing, completing "`rate` is not available yet: …".
    public var missingReason: String {
        switch self {
        case .core: "the language core is not built"
        case .series: "the time-series engine is not built"
        case .rules: "the rule engine is not built"
        case .canary: "the canary engine is not built"
        case .slo: "the SLO engine is not built"
        case .cost: "the cost engine is not built"
        case .anomaly: "the anomaly engine is not built"
        case .incidents: "the incident engine is not built"
        case .status: "the status summary is not built"
        case .notifications: "notification routing (silences, grouping, inhibition) is not built"
        case .runbook: "the runbook runner is not built"
        case .actions: "action delivery is not built"
        case .tests: "the test runner is not built"
        case .simulator: "the simulator is not built"
        }
    }
}

/// What the checker may assume about the build it is checking for.
public struct CheckOptions: Sendable {
    public var available: Set<Feature>
    /// The builtins and blocks a program may use: `LanguageSurface.core` plus the engines'
    /// (VigilLib's `Engines.surface`).
    public var surface: LanguageSurface

    public init(available: Set<Feature> = [.core], surface: LanguageSurface = .core) {
        self.available = available.union([.core])
        self.surface = surface
    }
}
