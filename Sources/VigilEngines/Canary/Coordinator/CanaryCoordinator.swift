import VigilSeries

/// Where a deployment stands.
public enum CanaryStatus: Equatable, Sendable, CustomStringConvertible {
    /// Created, not started.
    case pending
    /// Holding a step, waiting for its bake to pass with healthy analysis.
    case progressing
    /// Holding a step without promoting until `resume`; rollback rules are still watched.
    case paused(PauseReason)
    /// Every step passed; the candidate serves all traffic.
    case promoted
    /// A rollback rule or the judge sent all traffic back to stable.
    case rolledBack
    /// An operator aborted it; traffic is back on stable.
    case aborted
    /// The kill switch fired: traffic 0%, every stage off, nothing promotes again.
    case killed

    /// True once nothing further can happen except the kill switch.
    public var isFinished: Bool {
        switch self {
        case .promoted, .rolledBack, .aborted, .killed: return true
        case .pending, .progressing, .paused: return false
        }
    }

    public var description: String {
        switch self {
        case .pending: return "pending"
        case .progressing: return "progressing"
        case .paused(let reason): return "paused (\(reason))"
        case .promoted: return "promoted"
        case .rolledBack: return "rolled_back"
        case .aborted: return "aborted"
        case .killed: return "killed"
        }
    }
}

/// The progressive-delivery state machine: pending → step i at weight w (held at least
/// `bake`) → promoted | rolled_back | paused | aborted, driven by analysis ticks.
///
/// Rules of the road:
/// - Any rollback rule firing, at any tick and in any unfinished state, sets the weight to
///   0 and ends the deployment `rolled_back`, recording the rule and its values. A judge
///   verdict of High or Low does the same.
/// - A step promotes at the first tick where its bake has passed, no rule is pending or
///   firing, every rule has data, the candidate had traffic and the judge (if any) passes.
///   A pending rule holds the step; missing data pauses it with the reason, because no
///   data never promotes. A paused deployment needs `resume`, which restarts the bake.
///   The blue/green preview (weight 0) is judged the same way: it serves no production
///   traffic, so its data comes from test traffic sent to it, and without any it pauses
///   instead of switching (LANGUAGE.md §6).
/// - Each call returns the events it caused; `events` keeps them all.
public struct CanaryCoordinator: Sendable {
    /// The plan.
    public let configuration: CanaryConfiguration
    /// Current status.
    public private(set) var status: CanaryStatus = .pending
    /// The candidate's current share of traffic, 0...1.
    public private(set) var weight: Double = 0
    /// Index into `configuration.plannedWeights` of the step being held, once started.
    public private(set) var stepIndex: Int?
    /// When the current step (or its bake, after a resume) started.
    public private(set) var stepStartedAt: Timestamp?
    /// Every event so far, oldest first.
    public private(set) var events: [CanaryEvent] = []
    private var lastTime: Timestamp?

    /// Creates a coordinator for a plan; nothing happens until `start`.
    public init(configuration: CanaryConfiguration) {
        self.configuration = configuration
    }

    /// Starts the first step.
    @discardableResult
    public mutating func start(at time: Timestamp) throws -> [CanaryEvent] {
        try advanceClock(to: time)
        guard status == .pending else { throw CanaryError(message: "cannot start a deployment that is already \(status)") }
        var emitted = [CanaryEvent(time: time, kind: .started(configuration.strategy))]
        status = .progressing
        emitted += enterStep(0, at: time)
        return record(emitted)
    }

    /// Feeds one analysis tick and returns the events it caused (often none).
    @discardableResult
    public mutating func tick(at time: Timestamp, analysis: CanaryAnalysis) throws -> [CanaryEvent] {
        try advanceClock(to: time)
        if status == .pending { throw CanaryError(message: "analysis tick at \(time) ms before the deployment started") }
        if status.isFinished { return [] }

        let trips = analysis.rules.filter { $0.state == .firing }.map { RuleTrip(rule: $0.name, observed: $0.observed) }
        if !trips.isEmpty { return record(rollBack(.rules(trips), at: time)) }
        if let verdict = analysis.judge, verdict.classification == .high || verdict.classification == .low {
            return record(rollBack(.judge(verdict), at: time))
        }
        guard status == .progressing, let started = stepStartedAt, time - started >= configuration.bake else { return [] }
        if analysis.rules.contains(where: { $0.state == .pending }) { return [] }

        let causes = inconclusiveCauses(analysis)
        if !causes.isEmpty {
            status = .paused(.inconclusive(causes))
            return record([CanaryEvent(time: time, kind: .paused(.inconclusive(causes)))])
        }
        return record(promote(at: time))
    }

    /// Pauses promotion; rules are still watched.
    @discardableResult
    public mutating func pause(at time: Timestamp, reason: String? = nil) throws -> [CanaryEvent] {
        try advanceClock(to: time)
        guard status == .progressing else { throw CanaryError(message: "cannot pause a deployment that is \(status)") }
        status = .paused(.manual(reason))
        return record([CanaryEvent(time: time, kind: .paused(.manual(reason)))])
    }

    /// Resumes a paused deployment; the current step's bake starts over from `time`.
    @discardableResult
    public mutating func resume(at time: Timestamp) throws -> [CanaryEvent] {
        try advanceClock(to: time)
        guard case .paused = status else { throw CanaryError(message: "cannot resume a deployment that is \(status)") }
        status = .progressing
        stepStartedAt = time
        return record([CanaryEvent(time: time, kind: .resumed)])
    }

    /// Aborts: traffic back to stable, status `aborted`.
    @discardableResult
    public mutating func abort(at time: Timestamp, reason: String? = nil) throws -> [CanaryEvent] {
        try advanceClock(to: time)
        guard !status.isFinished else { throw CanaryError(message: "cannot abort a deployment that is already \(status)") }
        var emitted = changeWeight(to: 0, at: time)
        status = .aborted
        emitted.append(CanaryEvent(time: time, kind: .aborted(reason)))
        return record(emitted)
    }

    /// The kill switch: candidate traffic to 0% at once and every stage off, from any
    /// state, including after promotion. Pulling it twice changes nothing.
    @discardableResult
    public mutating func killSwitch(at time: Timestamp) throws -> [CanaryEvent] {
        try advanceClock(to: time)
        if status == .killed { return [] }
        var emitted = [CanaryEvent(time: time, kind: .killSwitch)]
        emitted += changeWeight(to: 0, at: time)
        status = .killed
        return record(emitted)
    }

    /// Overrides the candidate's weight within the current step. The next promotion goes to
    /// the first planned weight above it (or to `promoted` when none is left).
    @discardableResult
    public mutating func setWeight(_ newWeight: Double, at time: Timestamp) throws -> [CanaryEvent] {
        try advanceClock(to: time)
        guard newWeight.isFinite, (0...1).contains(newWeight) else {
            throw CanaryError(message: "set_weight needs a weight between 0% and 100%, got \(newWeight * 100)%")
        }
        switch status {
        case .progressing, .paused: return record(changeWeight(to: newWeight, at: time))
        default: throw CanaryError(message: "cannot set the weight of a deployment that is \(status)")
        }
    }

    // MARK: - Transitions

    private mutating func enterStep(_ index: Int, at time: Timestamp) -> [CanaryEvent] {
        let target = configuration.plannedWeights[index]
        stepIndex = index
        stepStartedAt = time
        return [CanaryEvent(time: time, kind: .stepStarted(index: index, weight: target))] + changeWeight(to: target, at: time)
    }

    private mutating func promote(at time: Timestamp) -> [CanaryEvent] {
        let planned = configuration.plannedWeights
        let current = stepIndex ?? 0
        if let next = planned.indices.first(where: { $0 > current && planned[$0] > weight }) {
            return enterStep(next, at: time)
        }
        var emitted = changeWeight(to: 1, at: time)
        status = .promoted
        emitted.append(CanaryEvent(time: time, kind: .promoted))
        return emitted
    }

    private mutating func rollBack(_ cause: RollbackCause, at time: Timestamp) -> [CanaryEvent] {
        var emitted = changeWeight(to: 0, at: time)
        status = .rolledBack
        emitted.append(CanaryEvent(time: time, kind: .rolledBack(cause)))
        return emitted
    }

    private mutating func changeWeight(to newWeight: Double, at time: Timestamp) -> [CanaryEvent] {
        guard newWeight != weight else { return [] }
        let event = CanaryEvent(time: time, kind: .weightChanged(from: weight, to: newWeight))
        weight = newWeight
        return [event]
    }

    /// True while a blue/green deployment holds its preview (planned weight 0).
    public var isHoldingPreview: Bool {
        guard let index = stepIndex else { return false }
        return configuration.plannedWeights[index] == 0
    }

    private func inconclusiveCauses(_ analysis: CanaryAnalysis) -> [InconclusiveCause] {
        var causes: [InconclusiveCause] = []
        if !analysis.candidateHadTraffic { causes.append(.noCandidateTraffic) }
        for rule in analysis.rules where rule.state == .nodata { causes.append(.ruleNoData(rule: rule.name)) }
        switch analysis.judge?.classification {
        case .nodata?: causes.append(.judgeNoData(analysis.judge?.reason ?? ""))
        case .error?: causes.append(.judgeError(analysis.judge?.reason ?? ""))
        case nil where configuration.requiresJudge: causes.append(.judgeNoData("no verdict at this tick"))
        default: break
        }
        return causes
    }

    private mutating func advanceClock(to time: Timestamp) throws {
        if let last = lastTime, time < last {
            throw CanaryError(message: "time went backwards: \(time) ms is before the last call at \(last) ms")
        }
        lastTime = time
    }

    private mutating func record(_ emitted: [CanaryEvent]) -> [CanaryEvent] {
        events += emitted
        return emitted
    }
}
