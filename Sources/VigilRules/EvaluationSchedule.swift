import VigilSeries

/// Evaluation times on a virtual clock: `start`, `start + every`, … up to `end` inclusive.
///
/// Replays, tests and CI gates use it instead of the wall clock so a script evaluates the
/// same way against recorded data as it would live.
public struct EvaluationSchedule: Sequence, Hashable, Sendable {
    /// The default rule evaluation interval: 30 seconds.
    public static let defaultInterval: Milliseconds = 30 * TimeUnit.second

    /// The first evaluation time.
    public let start: Timestamp
    /// The interval between evaluations (positive).
    public let every: Milliseconds
    /// The last time an evaluation may happen (inclusive).
    public let end: Timestamp

    /// Creates a schedule; `every` must be positive.
    public init(start: Timestamp = 0, every: Milliseconds = EvaluationSchedule.defaultInterval, end: Timestamp) {
        precondition(every > 0, "an evaluation interval must be positive")
        self.start = start
        self.every = every
        self.end = end
    }

    /// The last evaluation time at or before `time` (how `at T` reads state, as promtool does).
    public func lastEvaluation(atOrBefore time: Timestamp) -> Timestamp? {
        guard time >= start else { return nil }
        let steps = (time - start) / every
        return Swift.min(start + steps * every, lastTime ?? start)
    }

    /// The first evaluation time after `time`, if the schedule has one.
    public func nextEvaluation(after time: Timestamp) -> Timestamp? {
        let next = time < start ? start : start + ((time - start) / every + 1) * every
        return next <= end ? next : nil
    }

    /// The last evaluation time of the schedule, nil when it is empty.
    public var lastTime: Timestamp? {
        end < start ? nil : start + (end - start) / every * every
    }

    public func makeIterator() -> Iterator {
        Iterator(upcoming: start, every: every, end: end)
    }

    /// Walks the schedule's times in order.
    public struct Iterator: IteratorProtocol {
        var upcoming: Timestamp
        let every: Milliseconds
        let end: Timestamp

        public mutating func next() -> Timestamp? {
            guard upcoming <= end else { return nil }
            defer { upcoming += every }
            return upcoming
        }
    }
}

/// A clock that moves only when told to, for replays and tests.
public struct VirtualClock: Sendable {
    /// The current time.
    public private(set) var now: Timestamp

    /// Creates a clock showing `now`.
    public init(now: Timestamp = 0) {
        self.now = now
    }

    /// Moves the clock forward by a duration (never backwards).
    public mutating func advance(by duration: Milliseconds) {
        now += max(0, duration)
    }

    /// Moves the clock to a time, if it is not in the past.
    public mutating func advance(to time: Timestamp) {
        now = max(now, time)
    }
}

extension RuleStateMachine {
    /// Runs the machine over a schedule, asking `conditions` for the values at each time.
    public mutating func replay(_ schedule: EvaluationSchedule,
                                conditions: (Timestamp) throws -> [Labels: Bool?]) rethrows -> [RuleEvaluation] {
        var evaluations: [RuleEvaluation] = []
        for time in schedule {
            evaluations.append(evaluate(at: time, conditions: try conditions(time)))
        }
        return evaluations
    }
}
