import VigilRules
import VigilRuntime
import VigilSeries

/// One burn-rate rule's replay through a range, as a value (see `RuleReplayJob`): its
/// kernels' specs, their series and windows, and its state machine.
struct BurnRateReplayJob: Sendable {
    /// One counter series a comparison reads: through its `CounterIndex` (shared by every
    /// window over the series) where it has one, else through its own window.
    struct Counter: Sendable {
        let series: Series
        var window: SlidingWindow
        let index: CounterIndex?
    }

    /// One comparison: its spec, and the total and good (or bad) counters.
    struct Leaf: Sendable {
        let spec: BurnRateSpec
        var total: [Counter]
        var part: [Counter]
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
        var condition = BurnRateJobLayout(root: root, leaves: leaves)
        var found: [Found] = []
        // One list, made once: the rule's one label set (the empty one) and its condition now.
        var conditions: [(labels: Labels, condition: Bool?)] = [(Labels(), nil)]
        for (tick, time) in EvaluationSchedule.times(from: schedule.start, every: schedule.every, through: schedule.end).enumerated() {
            if tick & 4095 == 0, RunOptions.clock() > deadline { return nil }
            let holds = condition.evaluate(at: time)
            // Most ticks of a quiet rule: false, nothing tracked, nothing reported — the
            // evaluation would change and report nothing, so none is made.
            if holds == false, reported.isEmpty, machine.passesQuietly(at: time) { continue }
            conditions[0].condition = holds
            let change = RuleRunner.StateChange(machine.evaluate(at: time, each: conditions), after: reported)
            if change.matters {
                found.append(Found(change: change, evaluated: condition.evaluated))
                reported = change.now
            }
        }
        return Outcome(leaves: condition.leaves(leaves), machine: machine, reported: reported, found: found)
    }
}

/// A burn-rate job's condition laid out for its per-tick loop: the tree as an array of
/// nodes, every leaf's counters in one buffer the layout owns (no per-leaf arrays to check
/// for uniqueness at each read), their read positions (`CounterIndex.Cursor`) apart from
/// the windows so a tick touches little memory, and scratch space for the tick's reads.
/// It evaluates as `BurnRateKernel.compare` does: the same sums in the same order, in the
/// compiled code's short-circuit order with Kleene logic.
struct BurnRateJobLayout: ~Copyable {
    private enum Node {
        case leaf(Int)
        case and(Int, Int)
        case or(Int, Int)
    }

    /// A leaf's spec and where its counters stand: `total` and `partCounters` in `counters`,
    /// `parts` in `partReads`.
    private struct Plan {
        let spec: BurnRateSpec
        let total: Range<Int>
        let partCounters: Range<Int>
        let parts: Range<Int>
    }

    /// Where a part counter's increase comes from: its own counter, or (the good requests
    /// being among all requests) the read of the total counter over the same series, so
    /// that series is read once for both sums.
    private struct PartRead {
        let slot: Int
        let reusesTotal: Bool
    }

    private struct Reader {
        let index: CounterIndex?
        let width: Milliseconds
        var cursor = CounterIndex.Cursor()
    }

    private let nodes: [Node]
    private let root: Int
    private let plans: [Plan]
    private let partReads: [PartRead]
    /// Leaf by leaf, the total counters then the part counters.
    private let counters: UnsafeMutableBufferPointer<BurnRateReplayJob.Counter>
    private let readers: UnsafeMutableBufferPointer<Reader>
    /// Each total counter's increase at the tick's read.
    private let reads: UnsafeMutableBufferPointer<Double?>
    /// The tick's comparisons so far, in order: each leaf is evaluated at most once a tick.
    private let comparisons: UnsafeMutableBufferPointer<(leaf: Int, burnRate: Double?)>
    private var compared = 0

    init(root: BurnRateCondition.Node, leaves: [BurnRateReplayJob.Leaf]) {
        var all: [BurnRateReplayJob.Counter] = []
        var plans: [Plan] = [], partReads: [PartRead] = []
        for leaf in leaves {
            let totalStart = all.count
            all += leaf.total
            let partStart = all.count
            all += leaf.part
            let partReadStart = partReads.count
            for (position, one) in leaf.part.enumerated() {
                if let twin = leaf.total.firstIndex(where: { $0.series.labels == one.series.labels && $0.window.width == one.window.width }) {
                    partReads.append(PartRead(slot: totalStart + twin, reusesTotal: true))
                } else {
                    partReads.append(PartRead(slot: partStart + position, reusesTotal: false))
                }
            }
            plans.append(Plan(spec: leaf.spec, total: totalStart..<partStart, partCounters: partStart..<all.count,
                              parts: partReadStart..<partReads.count))
        }
        var nodes: [Node] = []
        func flatten(_ node: BurnRateCondition.Node) -> Int {
            switch node {
            case .leaf(let leaf): nodes.append(.leaf(leaf))
            case .and(let l, let r): let left = flatten(l), right = flatten(r); nodes.append(.and(left, right))
            case .or(let l, let r): let left = flatten(l), right = flatten(r); nodes.append(.or(left, right))
            }
            return nodes.count - 1
        }
        self.root = flatten(root)
        self.nodes = nodes
        self.plans = plans
        self.partReads = partReads
        counters = .allocate(capacity: all.count)
        _ = counters.initialize(from: all)
        readers = .allocate(capacity: all.count)
        _ = readers.initialize(from: all.map { Reader(index: $0.index, width: $0.window.width) })
        reads = .allocate(capacity: all.count)
        reads.initialize(repeating: nil)
        comparisons = .allocate(capacity: leaves.count)
        comparisons.initialize(repeating: (0, nil))
    }

    deinit {
        counters.deinitialize().deallocate()
        readers.deinitialize().deallocate()
        reads.deallocate()
        comparisons.deallocate()
    }

    /// The condition at `time`; `evaluated` then says which comparisons it made.
    mutating func evaluate(at time: Timestamp) -> Bool? {
        compared = 0
        return evaluate(root, at: time)
    }

    /// The comparisons the latest evaluation made, in order, with the burn rates found.
    var evaluated: [(leaf: Int, burnRate: Double?)] { Array(comparisons[0..<compared]) }

    /// `leaves` with the counters as they stand now (their windows advanced where read).
    func leaves(_ leaves: [BurnRateReplayJob.Leaf]) -> [BurnRateReplayJob.Leaf] {
        zip(leaves, plans).map { leaf, plan in
            BurnRateReplayJob.Leaf(spec: leaf.spec, total: Array(counters[plan.total]), part: Array(counters[plan.partCounters]))
        }
    }

    /// The right side of `and` is skipped when the left is false, of `or` when it is true
    /// (`Kleene.decides`); nodata is unknown.
    private mutating func evaluate(_ node: Int, at time: Timestamp) -> Bool? {
        switch nodes[node] {
        case .leaf(let leaf):
            let burnRate = burnRate(leaf, at: time)
            comparisons[compared] = (leaf, burnRate)
            compared += 1
            return burnRate.map { plans[leaf].spec.holds($0) }
        case .and(let l, let r):
            let left = evaluate(l, at: time)
            if Kleene.decides(.and, left) { return left }
            return Kleene.and(left, evaluate(r, at: time))
        case .or(let l, let r):
            let left = evaluate(l, at: time)
            if Kleene.decides(.or, left) { return left }
            return Kleene.or(left, evaluate(r, at: time))
        }
    }

    /// The burn rate at `time`, as `BurnRateKernel.compare` computes it (the same sums, in
    /// the same order).
    private func burnRate(_ leaf: Int, at time: Timestamp) -> Double? {
        let plan = plans[leaf]
        var totalSum: Double?
        for slot in plan.total {
            let increase = increase(slot, at: time)
            reads[slot] = increase
            if let increase { totalSum = (totalSum ?? 0) + increase }
        }
        var partSum: Double?
        for position in plan.parts {
            let part = partReads[position]
            let increase = part.reusesTotal ? reads[part.slot] : increase(part.slot, at: time)
            if let increase { partSum = (partSum ?? 0) + increase }
        }
        return plan.spec.burnRate(part: partSum, total: totalSum)
    }

    @inline(__always) private func increase(_ slot: Int, at time: Timestamp) -> Double? {
        if let index = readers[slot].index {
            return index.increase(width: readers[slot].width, at: time, &readers[slot].cursor)
        }
        let series = counters[slot].series
        return counters[slot].window.value(of: series, at: time)
    }
}
