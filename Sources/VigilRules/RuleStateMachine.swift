import VigilSeries

/// The `for` / `keep_firing_for` state machine of one rule, one instance per label set,
/// with the semantics of Prometheus's alerting rules (rules/alerting.go) except for nodata.
///
/// Per label set, at each evaluation time `t` with condition value `c`:
/// - `c == true`: inactive → pending with `activeSince = t`; pending → firing once
///   `t − activeSince >= for` (inclusive; `for 0` fires on the first true evaluation);
///   a firing rule stays firing and its `keep_firing_for` clock is cleared.
/// - `c == false`: pending → inactive (starts over next time); firing → inactive (resolved),
///   unless `keep_firing_for > 0` and the condition has been false for less than it,
///   counted from the first false evaluation.
/// - `c == nil` (nodata), or a pending/firing label set missing from the input: the state is
///   held and the label set is reported as nodata. **This differs from Prometheus on purpose**:
///   Prometheus resolves an alert whose series vanished, but a dead exporter must not look
///   like recovery. Nodata neither advances nor resets anything: `activeSince` and the
///   `keep_firing_for` clock keep their values, and only a true evaluation can fire.
///
/// Inactive label sets with false or missing conditions are forgotten, so memory follows the
/// active alerts, not every label set ever seen.
public struct RuleStateMachine: Sendable {
    /// How long the condition must hold before firing, in milliseconds.
    public let forDuration: Milliseconds
    /// How long a firing rule keeps firing after its condition turned false, in milliseconds.
    public let keepFiringFor: Milliseconds

    private struct Instance: Sendable {
        /// The held state: inactive, pending or firing, never nodata (`isNoData` says that).
        var state: RuleState = .inactive
        var activeSince: Timestamp?
        var firedAt: Timestamp?
        var keepFiringSince: Timestamp?
        var isNoData = false
        /// The evaluation that last gave this label set a condition.
        var seenIn = 0
    }

    private var instances: [Labels: Instance] = [:]
    /// The tracked label sets in order, kept until one is added or forgotten.
    private var sortedLabels: [Labels]?
    private var lastTime: Timestamp?
    /// Evaluations so far: an instance whose `seenIn` is not the current one was missing
    /// from the input.
    private var evaluations = 0

    /// Creates a state machine; negative durations count as 0.
    public init(for forDuration: Milliseconds = 0, keepFiringFor: Milliseconds = 0) {
        self.forDuration = max(0, forDuration)
        self.keepFiringFor = max(0, keepFiringFor)
    }

    /// Every tracked label set's status, sorted by label set.
    public var statuses: [AlertStatus] {
        let order = sortedLabels ?? instances.keys.sorted()
        return order.map { Self.status($0, instances[$0]!) }
    }

    /// Takes up the held states an earlier process saved (`vigil watch` after a restart):
    /// a firing label set stays firing, so it is neither fired (paged) again nor forgotten,
    /// and a pending one keeps its `activeSince`. Inactive statuses are ignored.
    public mutating func restore(_ saved: [AlertStatus]) {
        for status in saved where status.state == .pending || status.state == .firing {
            instances[status.labels] = Instance(state: status.state, activeSince: status.activeSince, firedAt: status.firedAt,
                                                keepFiringSince: status.keepFiringSince, isNoData: false, seenIn: evaluations)
        }
        sortedLabels = nil
    }

    /// Evaluates the condition's values per label set at `time`, given as a list whose label
    /// sets are distinct (a vector's elements, or one unlabelled value); times must not decrease.
    public mutating func evaluate(at time: Timestamp, each conditions: [(labels: Labels, condition: Bool?)]) -> RuleEvaluation {
        if conditions.allSatisfy({ $0.condition == false }), passesQuietly(at: time) {
            return RuleEvaluation(time: time, transitions: [], statuses: [])
        }
        advance(to: time)
        var transitions: [Transition] = []
        for (labels, condition) in conditions {
            update(labels, condition: condition, isMissing: false, at: time, into: &transitions)
        }
        // Tracked label sets the input did not mention are nodata; collected first because
        // stepping mutates `instances`.
        let missing = instances.compactMap { $0.value.seenIn == evaluations ? nil : $0.key }
        for labels in missing {
            update(labels, condition: nil, isMissing: true, at: time, into: &transitions)
        }
        if transitions.count > 1 { transitions.sort { $0.labels < $1.labels } }
        if sortedLabels == nil { sortedLabels = instances.keys.sorted() }
        return RuleEvaluation(time: time, transitions: transitions, statuses: statuses)
    }

    /// The usual evaluation of a quiet rule, every condition false: when nothing is tracked
    /// it leaves nothing to track, change or report, so it is only counted (true: done, as
    /// `evaluate` would have done it, with no transitions and no statuses); false when
    /// something is tracked, and nothing happened (`evaluate` then).
    public mutating func passesQuietly(at time: Timestamp) -> Bool {
        guard instances.isEmpty else { return false }
        advance(to: time)
        return true
    }

    private mutating func advance(to time: Timestamp) {
        precondition(time >= (lastTime ?? Timestamp.min), "rule evaluations must not go back in time")
        lastTime = time
        evaluations &+= 1
    }

    /// Steps one label set, tracking or forgetting it. Runs for every label set at every
    /// evaluation, so it hashes the label set once where it can.
    private mutating func update(_ labels: Labels, condition: Bool?, isMissing: Bool, at time: Timestamp,
                                 into transitions: inout [Transition]) {
        guard let index = instances.index(forKey: labels) else {
            // Untracked means inactive: a false condition leaves nothing to remember.
            if condition == false { return }
            var instance = Instance()
            Self.step(&instance, condition: condition, at: time, forDuration: forDuration, keepFiringFor: keepFiringFor)
            instance.seenIn = evaluations
            if instance.state != .inactive {
                transitions.append(Transition(labels: labels, from: .inactive, to: instance.state, time: time))
            }
            instances[labels] = instance
            sortedLabels = nil
            return
        }
        let before = instances.values[index].state
        Self.step(&instances.values[index], condition: condition, at: time, forDuration: forDuration, keepFiringFor: keepFiringFor)
        if !isMissing { instances.values[index].seenIn = evaluations }
        let after = instances.values[index].state
        if after != before {
            transitions.append(Transition(labels: labels, from: before, to: after, time: time))
        }
        if after == .inactive && (condition == false || isMissing) {
            instances.remove(at: index)
            sortedLabels = nil
        }
    }

    /// Static, with the durations passed in: as a method it read `self` while `instances`
    /// was being modified, so `self` was copied and the dictionary copied whole on every step.
    private static func step(_ instance: inout Instance, condition: Bool?, at time: Timestamp,
                             forDuration: Milliseconds, keepFiringFor: Milliseconds) {
        guard let condition else {
            instance.isNoData = true
            return
        }
        instance.isNoData = false
        if condition {
            instance.keepFiringSince = nil
            if instance.state == .inactive {
                instance.state = .pending
                instance.activeSince = time
            }
            if instance.state == .pending, let since = instance.activeSince, time - since >= forDuration {
                instance.state = .firing
                instance.firedAt = time
            }
            return
        }
        switch instance.state {
        case .inactive, .nodata:
            break
        case .pending:
            instance = Instance()
        case .firing:
            if keepFiringFor > 0 {
                let since = instance.keepFiringSince ?? time
                instance.keepFiringSince = since
                if time - since < keepFiringFor { return }
            }
            instance = Instance()
        }
    }

    private static func status(_ labels: Labels, _ instance: Instance) -> AlertStatus {
        AlertStatus(labels: labels, state: instance.state, isNoData: instance.isNoData,
                    activeSince: instance.activeSince, firedAt: instance.firedAt,
                    keepFiringSince: instance.keepFiringSince)
    }
}
