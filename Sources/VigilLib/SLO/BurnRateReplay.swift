import VigilRules
import VigilRuntime
import VigilSeries
import VigilSyntax

/// A rule condition made only of burn-rate comparisons joined by `and` and `or` — what
/// `alert multiwindow` writes: `(burn_rate(s, 1h) > 14.4x and burn_rate(s, 5m) > 14.4x) or
/// (…)` — each comparison compiled to a `BurnRateKernel`. A replay may then run the rule on
/// its own thread (`BurnRateReplayJob`), evaluating the kernels' specs over windows it owns,
/// with the compiled code's short-circuit order and Kleene logic.
struct BurnRateCondition {
    indirect enum Node: Sendable {
        case leaf(Int)
        case and(Node, Node)
        case or(Node, Node)
    }

    let root: Node
    let kernels: [BurnRateKernel]

    /// The tree of `condition`, when every comparison in it compiled to a burn-rate kernel
    /// (`kernels`, by where each stands); nil for any other shape.
    init?(_ condition: Expr, kernels compiled: [(range: SourceRange, kernel: ComparisonKernel)]) {
        var kernels: [BurnRateKernel] = []
        func node(_ e: Expr) -> Node? {
            guard case .binary(let op, let l, let r) = e.kind else { return nil }
            if op == .and || op == .or {
                guard let left = node(l), let right = node(r) else { return nil }
                return op == .and ? .and(left, right) : .or(left, right)
            }
            guard let kernel = compiled.first(where: { $0.range == e.range })?.kernel as? BurnRateKernel else { return nil }
            kernels.append(kernel)
            return .leaf(kernels.count - 1)
        }
        guard let root = node(condition) else { return nil }
        self.root = root
        self.kernels = kernels
    }

    /// Rule `rule`'s replay job: each kernel's windows taken out of their call sites (put
    /// back by `restore`), so the job owns them while it runs; nil when a kernel cannot
    /// prepare its selections (the tick-by-tick replay then says why).
    func job(rule: Int, schedule: (start: Timestamp, every: Milliseconds, end: Timestamp), machine: RuleStateMachine,
             reported: [(labels: Labels, state: RuleState)]) -> BurnRateReplayJob? {
        var leaves: [BurnRateReplayJob.Leaf] = []
        for kernel in kernels {
            guard let sites = kernel.prepare() else { return nil }
            let width = kernel.spec.width
            func take(_ selection: SeriesSelection, _ windows: SiteStates<SlidingWindow>) -> [BurnRateReplayJob.Counter] {
                var taken: [BurnRateReplayJob.Counter] = []
                for (position, one) in selection.series.enumerated() {
                    let fresh = SlidingWindow(.increase, width: width)
                    let window = windows.withState(of: one, position: position, make: { fresh }) { window in
                        let current = window.function == .increase && window.width == width ? window : fresh
                        window = fresh
                        return current
                    }
                    taken.append(.init(series: one, window: window, index: kernel.counterIndex(of: one)))
                }
                return taken
            }
            leaves.append(.init(spec: kernel.spec, total: take(sites.total, sites.totalWindows),
                                part: take(sites.part, sites.partWindows)))
        }
        return BurnRateReplayJob(rule: rule, root: root, leaves: leaves, schedule: schedule, machine: machine, reported: reported)
    }

    /// Puts a job's windows back into the call sites it took them from, as they stand after
    /// the job, so later evaluations go on from there.
    func restore(_ leaves: [BurnRateReplayJob.Leaf]) {
        for (kernel, leaf) in zip(kernels, leaves) {
            guard let sites = kernel.prepare() else { continue }
            for (counters, into) in [(leaf.total, sites.totalWindows), (leaf.part, sites.partWindows)] {
                for (position, counter) in counters.enumerated() {
                    // A counter read through its index leaves its window as taken (fresh): it
                    // starts over, from the series, where it is next read.
                    let window = counter.window
                    into.withState(of: counter.series, position: position, make: { window }) { $0 = window }
                }
            }
        }
    }

    /// The comparisons an evaluation made, as a recorded evaluation of the ordinary code
    /// records them: those it evaluated, in order, with the burn rates the job found.
    func comparisons(_ evaluated: [(leaf: Int, burnRate: Double?)]) throws -> [ObservedComparison] {
        try evaluated.map { try kernels[$0.leaf].comparison($0.burnRate) }
    }
}

/// One burn-rate rule's replay through a range, as a value (see `RuleReplayJob`): its
/// kernels' specs, their series and windows, and its state machine.
struct BurnRateReplayJob: Sendable {
    /// One counter series a comparison reads: through its `CounterIndex` (shared by every
    /// window over the series) where it has one, else through its own window.
    struct Counter: Sendable {
        let series: Series
        var window: SlidingWindow
        let index: CounterIndex?
        var cursor = CounterIndex.Cursor()

        init(series: Series, window: SlidingWindow, index: CounterIndex?) {
            self.series = series
            self.window = window
            self.index = index
        }

        mutating func increase(at time: Timestamp) -> Double? {
            if let index { return index.increase(width: window.width, at: time, &cursor) }
            return window.value(of: series, at: time)
        }
    }

    /// One comparison: its spec, and the total and good (or bad) counters.
    struct Leaf: Sendable {
        let spec: BurnRateSpec
        var total: [Counter]
        var part: [Counter]
        /// For each part counter, the total counter over the same series, if any (the good
        /// requests are among all requests): its increase is read once, for both sums.
        let partInTotal: [Int?]
        /// The total counters' increases at the latest read.
        private var totalReads: [Double?]

        init(spec: BurnRateSpec, total: [Counter], part: [Counter]) {
            self.spec = spec
            self.total = total
            self.part = part
            partInTotal = part.map { one in total.firstIndex { $0.series.labels == one.series.labels && $0.window.width == one.window.width } }
            totalReads = Array(repeating: nil, count: total.count)
        }

        /// The burn rate at `time`, as `BurnRateKernel.compare` computes it (the same sums,
        /// in the same order).
        mutating func burnRate(at time: Timestamp) -> Double? {
            var totalSum: Double?
            for position in total.indices {
                let increase = total[position].increase(at: time)
                totalReads[position] = increase
                if let increase { totalSum = (totalSum ?? 0) + increase }
            }
            var partSum: Double?
            for position in part.indices {
                let increase = partInTotal[position].map { totalReads[$0] } ?? part[position].increase(at: time)
                if let increase { partSum = (partSum ?? 0) + increase }
            }
            return spec.burnRate(part: partSum, total: totalSum)
        }
    }

    let rule: Int
    let root: BurnRateCondition.Node
    var leaves: [Leaf]
    let schedule: (start: Timestamp, every: Milliseconds, end: Timestamp)
    var machine: RuleStateMachine
    var reported: [(labels: Labels, state: RuleState)]

    /// An evaluation that left a record, with the comparisons it evaluated.
    struct Found: Sendable {
        let change: RuleRunner.StateChange
        let evaluated: [(leaf: Int, burnRate: Double?)]
    }

    struct Outcome: Sendable {
        let leaves: [Leaf]
        let machine: RuleStateMachine
        let reported: [(labels: Labels, state: RuleState)]
        let found: [Found]
    }

    /// Evaluates the rule at every time of its schedule; nil once the clock passes `deadline`.
    consuming func run(deadline: UInt64) -> Outcome? {
        var found: [Found] = []
        var evaluated: [(leaf: Int, burnRate: Double?)] = []
        // One list, made once: the rule's one label set (the empty one) and its condition now.
        var conditions: [(labels: Labels, condition: Bool?)] = [(Labels(), nil)]
        for (tick, time) in EvaluationSchedule.times(from: schedule.start, every: schedule.every, through: schedule.end).enumerated() {
            if tick & 4095 == 0, RunOptions.clock() > deadline { return nil }
            evaluated.removeAll(keepingCapacity: true)
            conditions[0].condition = evaluate(root, at: time, &evaluated)
            let change = RuleRunner.StateChange(machine.evaluate(at: time, each: conditions), after: reported)
            if change.matters {
                found.append(Found(change: change, evaluated: evaluated))
                reported = change.now
            }
        }
        return Outcome(leaves: leaves, machine: machine, reported: reported, found: found)
    }

    /// The compiled code's order: the right side of `and` is skipped when the left is
    /// false, of `or` when it is true (`Kleene.decides`); nodata is unknown.
    private mutating func evaluate(_ node: BurnRateCondition.Node, at time: Timestamp,
                                   _ evaluated: inout [(leaf: Int, burnRate: Double?)]) -> Bool? {
        switch node {
        case .leaf(let index):
            let burnRate = leaves[index].burnRate(at: time)
            evaluated.append((index, burnRate))
            return burnRate.map { leaves[index].spec.holds($0) }
        case .and(let l, let r):
            let left = evaluate(l, at: time, &evaluated)
            if Kleene.decides(.and, left) { return left }
            return Kleene.and(left, evaluate(r, at: time, &evaluated))
        case .or(let l, let r):
            let left = evaluate(l, at: time, &evaluated)
            if Kleene.decides(.or, left) { return left }
            return Kleene.or(left, evaluate(r, at: time, &evaluated))
        }
    }
}
