import VigilEngines
import VigilSeries
import VigilStore

/// Writes one canary's deployment to the store as the coordinator reports events: the
/// deployment, its stages, every traffic change and the rollback events with the values
/// that tripped them.
struct DeploymentRecorder {
    let database: VigilDatabase
    let deploymentID: Int64
    private var openStage: Int?

    /// Records the start of a deployment of `plan.candidate` replacing `plan.stable`.
    init(database: VigilDatabase, plan: CanaryPlan, at time: Timestamp) throws {
        self.database = database
        let strategy: DeploymentStrategy = plan.configuration.strategy == .blueGreen ? .blueGreen : .canary
        deploymentID = try database.deployments.create(service: plan.name, version: plan.candidate, strategy: strategy,
                                                       at: time, previousVersion: plan.stable).id
    }

    /// Persists what one event changed.
    mutating func record(_ event: CanaryEvent) throws {
        let repository = database.deployments
        switch event.kind {
        case .started: break
        case let .stepStarted(index, weight):
            try endStage(.passed, at: event.time)
            try repository.startStage(deploymentID, index: index, weight: weight * 100, at: event.time)
            openStage = index
        case let .weightChanged(from, to):
            try repository.recordTrafficChange(deploymentID, from: from * 100, to: to * 100, reason: reason(to), at: event.time)
        case .paused:
            try repository.transition(deploymentID, to: .paused, at: event.time)
        case .resumed:
            try repository.transition(deploymentID, to: .running, at: event.time)
        case .promoted:
            try endStage(.passed, at: event.time)
            try repository.transition(deploymentID, to: .promoted, at: event.time)
        case .rolledBack(let cause):
            try endStage(.failed, at: event.time)
            switch cause {
            case .rules(let trips):
                for trip in trips {
                    let observed = Dictionary(trip.observed.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
                    try repository.recordRollback(deploymentID, rule: trip.rule, observed: observed, reason: trip.description, at: event.time)
                }
            case .judge(let verdict):
                try repository.recordRollback(deploymentID, rule: "judge", observed: verdict.observed, reason: verdict.reason, at: event.time)
            }
        case .aborted, .killSwitch:
            try endStage(.aborted, at: event.time)
            if try repository.deployment(deploymentID)?.status.isFinished == false {
                try repository.transition(deploymentID, to: .aborted, at: event.time)
            }
        }
    }

    private mutating func endStage(_ outcome: StageOutcome, at time: Timestamp) throws {
        guard let index = openStage else { return }
        openStage = nil
        try database.deployments.endStage(deploymentID, index: index, outcome: outcome, at: time)
    }

    private func reason(_ weight: Double) -> String { weight == 0 ? "traffic back to stable" : "step to \(weight * 100)%" }
}
