import VigilRules
import VigilRuntime
import VigilSeries
import VigilSyntax

/// What a comparison kernel computes, without the session: the window function and its
/// width, compared with a literal. A value, so a replay may hand it to any thread.
struct KernelSpec: Sendable {
    let function: WindowFunction
    let width: Milliseconds
    let op: BinaryOp
    let threshold: Double
    let thresholdOnLeft: Bool

    /// The interpreter's comparison of two numbers of comparable units.
    @inline(__always) func holds(_ value: Double) -> Bool {
        thresholdOnLeft ? op.holds(threshold, value) : op.holds(value, threshold)
    }
}

/// One rule's replay through a range, as a value: its kernel, its series, its own window
/// and state-machine state. `run` touches nothing else, so the jobs of different rules run
/// on different threads with nothing shared; what they found is applied on one thread.
/// A job runs its range a span at a time, going on where the last span ended.
struct RuleReplayJob: Sendable {
    /// The rule's index in the runner.
    let rule: Int
    let kernel: KernelSpec
    let series: [Series]
    /// Each series' label set without the metric name, as the kernel's vector labels it.
    let vectorLabels: [Labels]
    let schedule: (start: Timestamp, every: Milliseconds, end: Timestamp)
    var windows: [SlidingWindow]
    var machine: RuleStateMachine
    var reported: [(labels: Labels, state: RuleState)]
    /// The first time of the schedule not evaluated yet; nil before the first span.
    var next: Timestamp? = nil

    /// An evaluation that left a record, with the function's value per label set at that
    /// time (from which the observed comparison is made, on the session's thread).
    struct Found: Sendable {
        let rule: Int
        let change: RuleRunner.StateChange
        let values: [(labels: Labels, value: Double)]
    }

    /// Evaluates the rule at every time of its schedule not evaluated yet, through `end`;
    /// answers the evaluations that left a record, or nil once the clock passes `deadline`
    /// (a job cannot throw the time limit itself: its caller says it).
    ///
    /// The times go in blocks: first each series' window through the whole block, one series
    /// at a time (its window and arrays stay at hand, with nothing retained or checked for
    /// uniqueness per evaluation), then the state machine tick by tick over the values found.
    /// A block's values take `blockTicks` × series doubles, whatever the range.
    mutating func run(through end: Timestamp, deadline: UInt64) -> [Found]? {
        var found: [Found] = []
        let last = min(end, schedule.end)
        let next = self.next ?? schedule.start
        guard next <= last else { return found }
        let count = series.count
        let times = EvaluationSchedule.times(from: next, every: schedule.every, through: last)
        self.next = next + ((last - next) / schedule.every + 1) * schedule.every
        var iterator = times.makeIterator()
        var blockTimes: [Timestamp] = []
        blockTimes.reserveCapacity(Self.blockTicks)
        // A block's values and whether each was found, tick-major: `[tick * count + position]`.
        var values = [Double](repeating: 0, count: Self.blockTicks * count)
        var present = [Bool](repeating: false, count: Self.blockTicks * count)
        var conditions: [(labels: Labels, condition: Bool?)] = vectorLabels.map { ($0, nil) }
        while true {
            blockTimes.removeAll(keepingCapacity: true)
            while blockTimes.count < Self.blockTicks, let time = iterator.next() { blockTimes.append(time) }
            if blockTimes.isEmpty { break }
            if RunOptions.clock() > deadline { return nil }
            Self.fill(&windows, series, blockTimes, values: &values, present: &present)
            for tick in blockTimes.indices {
                let row = tick * count
                var missing = 0
                for position in 0..<count {
                    if present[row + position] {
                        conditions[position].condition = kernel.holds(values[row + position])
                    } else {
                        missing += 1
                    }
                }
                let time = blockTimes[tick]
                let evaluated: RuleEvaluation
                if missing == 0 && !conditions.isEmpty {
                    evaluated = machine.evaluate(at: time, each: conditions)
                } else {
                    // Only the series with a value; none is nodata for the rule as a whole, as an empty vector is.
                    var some = (0..<count).filter { present[row + $0] }.map { conditions[$0] }
                    if some.isEmpty { some.append((Labels(), nil)) }
                    evaluated = machine.evaluate(at: time, each: some)
                }
                let change = RuleRunner.StateChange(evaluated, after: reported)
                if change.matters {
                    let observed = (0..<count).filter { present[row + $0] }.map { (labels: vectorLabels[$0], value: values[row + $0]) }
                    found.append(Found(rule: rule, change: change, values: observed))
                    reported = change.now
                }
            }
        }
        return found
    }

    /// Ticks per block of `run`.
    static let blockTicks = 1024

    /// Each series' window value at each of `times`, into `values` and `present` (tick-major).
    private static func fill(_ windows: inout [SlidingWindow], _ series: [Series], _ times: [Timestamp],
                             values: inout [Double], present: inout [Bool]) {
        let count = series.count
        windows.withUnsafeMutableBufferPointer { windows in
            values.withUnsafeMutableBufferPointer { values in
                present.withUnsafeMutableBufferPointer { present in
                    for position in 0..<count {
                        let one = series[position]
                        for (tick, time) in times.enumerated() {
                            let index = tick * count + position
                            if let value = windows[position].value(of: one, at: time) {
                                values[index] = value
                                present[index] = true
                            } else {
                                present[index] = false
                            }
                        }
                    }
                }
            }
        }
    }
}
