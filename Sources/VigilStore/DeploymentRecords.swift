import VigilSeries

/// How traffic moves to a new version.
public enum DeploymentStrategy: String, CaseIterable, Sendable {
    /// Stepwise traffic weights with analysis at each step.
    case canary
    /// All traffic switches after the bake time, with an instant switch back.
    case blueGreen = "blue_green"
}

/// Where a deployment is in its life.
public enum DeploymentStatus: String, CaseIterable, Sendable {
    /// Steps are progressing.
    case running
    /// Held at the current weight until resumed.
    case paused
    /// Finished with the new version at 100%.
    case promoted
    /// Finished with traffic back on the previous version after a rollback rule fired.
    case rolledBack = "rolled_back"
    /// Stopped by an operator (abort or kill switch) with traffic back on the previous version.
    case aborted

    /// True for the statuses that end a deployment.
    public var isFinished: Bool {
        switch self {
        case .running, .paused: return false
        case .promoted, .rolledBack, .aborted: return true
        }
    }

    /// The statuses this one may move to: finished deployments move nowhere, and a paused
    /// one must resume before it can be promoted.
    public var allowedNext: Set<DeploymentStatus> {
        switch self {
        case .running: return [.paused, .promoted, .rolledBack, .aborted]
        case .paused: return [.running, .rolledBack, .aborted]
        case .promoted, .rolledBack, .aborted: return []
        }
    }
}

/// One deployment of a version of a service.
public struct Deployment: Equatable, Sendable {
    /// Row id, unique across services.
    public let id: Int64
    /// The service deployed.
    public let service: String
    /// The version being rolled out.
    public let version: String
    /// The version serving before this deployment, when known.
    public let previousVersion: String?
    /// Canary or blue/green.
    public let strategy: DeploymentStrategy
    /// Current status.
    public let status: DeploymentStatus
    /// When it started, in ms since the epoch.
    public let startedAt: Timestamp
    /// When it finished (promoted, rolled back or aborted), if it has.
    public let finishedAt: Timestamp?
}

/// How a stage ended.
public enum StageOutcome: String, CaseIterable, Sendable {
    /// Analysis passed and the deployment moved on.
    case passed
    /// Analysis failed; the deployment rolled back.
    case failed
    /// Analysis could not decide; the deployment paused.
    case inconclusive
    /// An operator stopped the deployment during this stage.
    case aborted
}

/// One traffic step of a deployment.
public struct DeploymentStage: Equatable, Sendable {
    /// The deployment this stage belongs to.
    public let deploymentID: Int64
    /// Position among the deployment's stages, from 0.
    public let index: Int
    /// Traffic weight on the new version, in percent (0...100).
    public let weight: Double
    /// When the stage began.
    public let startedAt: Timestamp
    /// When the stage ended, if it has.
    public let endedAt: Timestamp?
    /// How it ended, if it has.
    public let outcome: StageOutcome?
}

/// A change of traffic weight on the new version.
public struct TrafficChange: Equatable, Sendable {
    /// The deployment whose traffic changed.
    public let deploymentID: Int64
    /// When it changed.
    public let at: Timestamp
    /// Weight before, in percent.
    public let fromWeight: Double
    /// Weight after, in percent.
    public let toWeight: Double
    /// Why, e.g. `promote to step 2` or `kill switch`.
    public let reason: String
}

/// A rollback rule that fired, with the values that tripped it.
public struct RollbackEvent: Equatable, Sendable {
    /// The deployment rolled back.
    public let deploymentID: Int64
    /// When the rule fired.
    public let at: Timestamp
    /// The rule, as written, e.g. `error_rate > baseline + 0.5% for 10m`.
    public let rule: String
    /// The observed values by name, e.g. `["error_rate": 0.021, "baseline": 0.004]`; NaN allowed.
    public let observed: [String: Double]
    /// Why, in words for the deployment history.
    public let reason: String

    public static func == (lhs: RollbackEvent, rhs: RollbackEvent) -> Bool {
        // Values compare by bits so that a NaN observation (no data) equals itself.
        lhs.deploymentID == rhs.deploymentID && lhs.at == rhs.at && lhs.rule == rhs.rule
            && lhs.reason == rhs.reason
            && lhs.observed.mapValues(\.bitPattern) == rhs.observed.mapValues(\.bitPattern)
    }
}
