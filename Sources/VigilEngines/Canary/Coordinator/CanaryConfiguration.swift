import VigilSeries

/// Why a canary could not be configured or driven.
public struct CanaryError: Error, Equatable, CustomStringConvertible {
    /// What went wrong, in words fit for a user.
    public let message: String

    public var description: String { message }
}

/// How traffic moves from the stable version to the candidate.
public enum DeliveryStrategy: String, Equatable, Sendable {
    /// Stepwise weights (10% → 50% → 100% by default), each held for at least `bake`.
    case canary
    /// A preview held for `bake` at weight 0, then every request switches at once, held for
    /// another `bake`; a rollback switches everything back at once.
    case blueGreen = "blue_green"
}

/// The plan a coordinator follows. Defaults are the playbook's: 10% → 50% → 100%,
/// 10 minutes' bake per step, analysis every minute.
public struct CanaryConfiguration: Equatable, Sendable {
    /// Canary or blue/green.
    public let strategy: DeliveryStrategy
    /// Candidate weights (fractions in (0, 1]), strictly increasing; ignored by blue/green.
    public let steps: [Double]
    /// Minimum time each step is held before it may promote, in milliseconds.
    public let bake: Milliseconds
    /// Time between analysis ticks, in milliseconds (the driver's clock, not the coordinator's).
    public let analysisInterval: Milliseconds
    /// True when a judge verdict is required to promote; a missing verdict then pauses.
    public let requiresJudge: Bool

    /// The playbook's step weights.
    public static let defaultSteps: [Double] = [0.10, 0.50, 1.00]

    /// Creates a plan; throws when steps are empty, out of range or not increasing, or a
    /// duration is negative.
    public init(strategy: DeliveryStrategy = .canary, steps: [Double] = CanaryConfiguration.defaultSteps,
                bake: Milliseconds = 10 * TimeUnit.minute, analysisInterval: Milliseconds = TimeUnit.minute,
                requiresJudge: Bool = false) throws {
        guard !steps.isEmpty else { throw CanaryError(message: "a canary needs at least one step weight") }
        for (index, weight) in steps.enumerated() {
            guard weight.isFinite, weight > 0, weight <= 1 else {
                throw CanaryError(message: "step \(index + 1) has weight \(weight * 100)%; weights must be above 0% and at most 100%")
            }
            if index > 0 && weight <= steps[index - 1] {
                throw CanaryError(message: "step \(index + 1) (\(weight * 100)%) does not increase on step \(index) (\(steps[index - 1] * 100)%)")
            }
        }
        guard bake >= 0 else { throw CanaryError(message: "bake must not be negative, got \(bake) ms") }
        guard analysisInterval > 0 else {
            throw CanaryError(message: "the analysis interval must be positive, got \(analysisInterval) ms")
        }
        self.strategy = strategy
        self.steps = steps
        self.bake = bake
        self.analysisInterval = analysisInterval
        self.requiresJudge = requiresJudge
    }

    /// The weights the coordinator walks: the steps for a canary; 0 (preview) then 100%
    /// for blue/green.
    public var plannedWeights: [Double] {
        switch strategy {
        case .canary: return steps
        case .blueGreen: return [0, 1]
        }
    }
}
