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

    /// An evaluation that left a record, with the function's value per label set at that
    /// time (from which the observed comparison is made, on the session's thread).
    struct Found: Sendable {
        let rule: Int
        let change: RuleRunner.StateChange
        let values: [(labels: Labels, value: Double)]
    }

    /// The job's state after the range, and the evaluations that left a record.
    struct Outcome: Sendable {
        let windows: [SlidingWindow]
        let machine: RuleStateMachine
        let reported: [(labels: Labels, state: RuleState)]
        let found: [Found]
    }

    /// Evaluates the rule at every time of its schedule; nil once the clock passes `deadline`
    /// (a job cannot throw the time limit itself: the sequential replay its caller then starts
    /// throws it).
    consuming func run(deadline: UInt64) -> Outcome? {
        var found: [Found] = []
        // Each series' value and condition at the current time, kept in place from tick to
        // tick: at the usual tick, where every series has a value, the machine gets this
        // array as it stands, with no labels retained and released per series and tick.
        var values = [Double](repeating: 0, count: series.count)
        var present = [Bool](repeating: false, count: series.count)
        var conditions: [(labels: Labels, condition: Bool?)] = vectorLabels.map { ($0, nil) }
        for (tick, time) in EvaluationSchedule.times(from: schedule.start, every: schedule.every, through: schedule.end).enumerated() {
            if tick & 4095 == 0, RunOptions.clock() > deadline { return nil }
            var missing = 0
            for position in series.indices {
                if let value = windows[position].value(of: series[position], at: time) {
                    values[position] = value
                    present[position] = true
                    conditions[position].condition = kernel.holds(value)
                } else {
                    present[position] = false
                    missing += 1
                }
            }
            let evaluated: RuleEvaluation
            if missing == 0 && !conditions.isEmpty {
                evaluated = machine.evaluate(at: time, each: conditions)
            } else {
                // Only the series with a value; none is nodata for the rule as a whole, as an empty vector is.
                var some = series.indices.filter { present[$0] }.map { conditions[$0] }
                if some.isEmpty { some.append((Labels(), nil)) }
                evaluated = machine.evaluate(at: time, each: some)
            }
            let change = RuleRunner.StateChange(evaluated, after: reported)
            if change.matters {
                let observed = series.indices.filter { present[$0] }.map { (labels: vectorLabels[$0], value: values[$0]) }
                found.append(Found(rule: rule, change: change, values: observed))
                reported = change.now
            }
        }
        return Outcome(windows: windows, machine: machine, reported: reported, found: found)
    }
}
