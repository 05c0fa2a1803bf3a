import VigilSeries

/// An operator action scheduled at a time during a closed-loop run.
public enum OperatorAction: Equatable, Sendable {
    /// Pause promotion.
    case pause(String?)
    /// Resume a paused deployment.
    case resume
    /// Abort: traffic back to stable.
    case abort(String?)
    /// Traffic to 0% at once, every stage off.
    case killSwitch
    /// Override the candidate's weight.
    case setWeight(Double)
}

/// What the analysis function sees at each tick.
public struct AnalysisContext {
    /// The tick's time.
    public let time: Timestamp
    /// The telemetry written so far, through this tick.
    public let store: SeriesStore
    /// The candidate's weight during the interval just simulated.
    public let weight: Double
    /// The simulated service.
    public let simulation: SimulatorConfiguration
    /// The coordinator's analysis interval.
    public let interval: Milliseconds

    /// Per-version readers over `store` for the simulated service.
    public var signals: VersionSignals { VersionSignals(store: store, service: simulation.service) }
}

/// How a closed-loop run ended.
public struct ClosedLoopResult: Sendable {
    /// The coordinator's final status.
    public let status: CanaryStatus
    /// Every coordinator event.
    public let events: [CanaryEvent]
    /// When the deployment finished, if it did.
    public let finishedAt: Timestamp?
    /// Number of analysis ticks run.
    public let ticks: Int
}

/// Runs a coordinator and a simulator together on a virtual clock: at each analysis tick
/// the simulator writes the scrapes up to that tick with the coordinator's current weight,
/// the caller's analysis function reads them, and the coordinator acts on the result.
/// Scheduled operator actions are applied at their exact time, between ticks.
public struct ClosedLoopDriver: Sendable {
    /// The deployment being driven.
    public private(set) var coordinator: CanaryCoordinator
    /// The telemetry source.
    public private(set) var simulator: TelemetrySimulator

    /// Pairs a coordinator (not yet started) with a simulator.
    public init(coordinator: CanaryCoordinator, simulator: TelemetrySimulator) throws {
        guard coordinator.status == .pending else {
            throw CanaryError(message: "the closed-loop driver needs a coordinator that has not started, this one is \(coordinator.status)")
        }
        self.coordinator = coordinator
        self.simulator = simulator
    }

    /// Starts the deployment at the simulator's start time and ticks every analysis interval
    /// until `end`, or until the deployment finishes when `stopWhenFinished`.
    public mutating func run(
        until end: Timestamp, actions: [(time: Timestamp, action: OperatorAction)] = [], stopWhenFinished: Bool = true,
        analysis: (AnalysisContext) throws -> CanaryAnalysis
    ) throws -> ClosedLoopResult {
        let start = simulator.configuration.start
        let interval = coordinator.configuration.analysisInterval
        var pending = actions.sorted { $0.time < $1.time }
        try coordinator.start(at: start)
        try simulator.advance(to: start, candidateWeight: coordinator.weight)
        var ticks = 0
        var time = start + interval
        while time <= end {
            while let next = pending.first, next.time <= time {
                pending.removeFirst()
                try simulator.advance(to: next.time, candidateWeight: coordinator.weight)
                try apply(next.action, at: next.time)
            }
            let weight = coordinator.weight
            try simulator.advance(to: time, candidateWeight: weight)
            let context = AnalysisContext(time: time, store: simulator.store, weight: weight,
                                          simulation: simulator.configuration, interval: interval)
            try coordinator.tick(at: time, analysis: try analysis(context))
            ticks += 1
            if stopWhenFinished && coordinator.status.isFinished { break }
            time += interval
        }
        let finish = coordinator.status.isFinished ? coordinator.events.last?.time : nil
        return ClosedLoopResult(status: coordinator.status, events: coordinator.events, finishedAt: finish, ticks: ticks)
    }

    private mutating func apply(_ action: OperatorAction, at time: Timestamp) throws {
        switch action {
        case .pause(let reason): try coordinator.pause(at: time, reason: reason)
        case .resume: try coordinator.resume(at: time)
        case .abort(let reason): try coordinator.abort(at: time, reason: reason)
        case .killSwitch: try coordinator.killSwitch(at: time)
        case .setWeight(let weight): try coordinator.setWeight(weight, at: time)
        }
    }
}
