import VigilRules
import VigilRuntime
import VigilSeries
import VigilSyntax

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
    /// The first time of the schedule not evaluated yet (nil before the first span): a job
    /// runs its range a span at a time.
    var next: Timestamp? = nil

    /// An evaluation that left a record, with the comparisons it evaluated.
    struct Found: Sendable {
        let change: RuleRunner.StateChange
        let evaluated: [(leaf: Int, burnRate: Double?)]
    }

    /// Ticks evaluated together: each comparison's counters are read through a block in one
    /// loop; the clock is checked before each block.
    static let block = 4096

    /// Evaluates the rule at every time of its schedule not evaluated yet, through `end`;
    /// answers the evaluations that left a record, or nil once the clock passes `deadline`.
    mutating func run(through end: Timestamp, deadline: UInt64) -> [Found]? {
        var found: [Found] = []
        let last = min(end, schedule.end)
        let next = self.next ?? schedule.start
        guard next <= last else { return found }
        let times = Array(EvaluationSchedule.times(from: next, every: schedule.every, through: last))
        self.next = next + Timestamp(times.count) * schedule.every
        var condition = BurnRateJobLayout(root: root, leaves: leaves)
        // One list, made once: the rule's one label set (the empty one) and its condition now.
        var conditions: [(labels: Labels, condition: Bool?)] = [(Labels(), nil)]
        for first in stride(from: 0, to: times.count, by: Self.block) {
            if RunOptions.clock() > deadline { return nil }
            let block = Array(times[first..<min(first + Self.block, times.count)])
            let holds = condition.evaluate(block)
            for (tick, time) in block.enumerated() {
                // Most ticks of a quiet rule: false, nothing tracked, nothing reported — the
                // evaluation would change and report nothing, so none is made.
                if holds[tick] == false, reported.isEmpty, machine.passesQuietly(at: time) { continue }
                conditions[0].condition = holds[tick]
                let change = RuleRunner.StateChange(machine.evaluate(at: time, each: conditions), after: reported)
                if change.matters {
                    found.append(Found(change: change, evaluated: condition.evaluated(at: tick)))
                    reported = change.now
                }
            }
        }
        leaves = condition.leaves(leaves)
        return found
    }
}

/// A burn-rate job's condition, evaluated a block of ticks at a time comparison by
/// comparison: each comparison's counters are read at every tick of the block the compiled
/// code's short-circuit order reaches it (the right side of `and` only where the left is
/// not false, of `or` only where it is not true; nodata is unknown), in one loop per counter.
/// Each counter is read at the same times in the same order as tick by tick, and each
/// tick's sums are made in the same order (`BurnRateKernel.compare`'s), so every number is
/// the same; a tick's comparisons are the leaves reached at it, in the tree's order. The
/// counters (with their windows) are in one buffer the layout owns.
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
    private var readers: [Reader]
    /// Per leaf, at each tick of the block: whether the evaluation reached it, and the burn
    /// rate it found there.
    private var reached: [[Bool]]
    private var rates: [[Double?]]

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
        readers = all.map { Reader(index: $0.index, width: $0.window.width) }
        reached = leaves.map { _ in [] }
        rates = leaves.map { _ in [] }
    }

    deinit {
        counters.deinitialize().deallocate()
    }

    /// The condition at each of `times` (a block of the schedule, after the last block's).
    mutating func evaluate(_ times: [Timestamp]) -> [Bool?] {
        for leaf in plans.indices {
            reached[leaf] = [Bool](repeating: false, count: times.count)
            rates[leaf] = [Double?](repeating: nil, count: times.count)
        }
        return evaluate(root, ticks: Array(times.indices), times)
    }

    /// The comparisons the evaluation made at the block's `tick`, in order, with the burn
    /// rates found: the leaves it reached, in the tree's order (the order they are numbered).
    func evaluated(at tick: Int) -> [(leaf: Int, burnRate: Double?)] {
        plans.indices.compactMap { reached[$0][tick] ? ($0, rates[$0][tick]) : nil }
    }

    /// `leaves` with the counters as they stand now (their windows advanced where read).
    func leaves(_ leaves: [BurnRateReplayJob.Leaf]) -> [BurnRateReplayJob.Leaf] {
        zip(leaves, plans).map { leaf, plan in
            BurnRateReplayJob.Leaf(spec: leaf.spec, total: Array(counters[plan.total]), part: Array(counters[plan.partCounters]))
        }
    }

    /// The node's value at each of `ticks` (positions in `times`, increasing).
    private mutating func evaluate(_ node: Int, ticks: [Int], _ times: [Timestamp]) -> [Bool?] {
        switch nodes[node] {
        case .leaf(let leaf):
            let found = burnRates(leaf, at: ticks.map { times[$0] })
            reached[leaf].withUnsafeMutableBufferPointer { reached in
                rates[leaf].withUnsafeMutableBufferPointer { rates in
                    for (position, tick) in ticks.enumerated() {
                        reached[tick] = true
                        rates[tick] = found[position]
                    }
                }
            }
            let spec = plans[leaf].spec
            return found.map { $0.map(spec.holds) }
        case .and(let l, let r):
            return combine(.and, l, r, ticks, times)
        case .or(let l, let r):
            return combine(.or, l, r, ticks, times)
        }
    }

    /// `l op r`: the right side evaluated only at the ticks the left does not decide.
    private mutating func combine(_ op: BinaryOp, _ l: Int, _ r: Int, _ ticks: [Int], _ times: [Timestamp]) -> [Bool?] {
        var result = evaluate(l, ticks: ticks, times)
        let open = result.indices.filter { !Kleene.decides(op, result[$0]) }
        guard !open.isEmpty else { return result }
        let right = evaluate(r, ticks: open.map { ticks[$0] }, times)
        for (position, at) in open.enumerated() {
            result[at] = Kleene.apply(op, result[at], right[position])
        }
        return result
    }

    /// The burn rate at each of `times`, as `BurnRateKernel.compare` computes it (the same
    /// sums, in the same order: the total counters', then the part counters').
    private mutating func burnRates(_ leaf: Int, at times: [Timestamp]) -> [Double?] {
        let plan = plans[leaf]
        var totals = [Double?](repeating: nil, count: times.count)
        var totalReads: [[Double?]] = []
        for slot in plan.total {
            let read = increases(slot, at: times)
            Self.add(read, to: &totals)
            totalReads.append(read)
        }
        var parts = [Double?](repeating: nil, count: times.count)
        for position in plan.parts {
            let part = partReads[position]
            Self.add(part.reusesTotal ? totalReads[part.slot - plan.total.lowerBound] : increases(part.slot, at: times), to: &parts)
        }
        return times.indices.map { plan.spec.burnRate(part: parts[$0], total: totals[$0]) }
    }

    /// Adds each read to its tick's sum; a sum stays nil until a read has a value.
    private static func add(_ read: [Double?], to sums: inout [Double?]) {
        sums.withUnsafeMutableBufferPointer { sums in
            for (tick, increase) in read.enumerated() {
                if let increase { sums[tick] = (sums[tick] ?? 0) + increase }
            }
        }
    }

    private mutating func increases(_ slot: Int, at times: [Timestamp]) -> [Double?] {
        if let index = readers[slot].index {
            return index.increases(width: readers[slot].width, at: times, &readers[slot].cursor)
        }
        let series = counters[slot].series
        return times.map { counters[slot].window.value(of: series, at: $0) }
    }
}
