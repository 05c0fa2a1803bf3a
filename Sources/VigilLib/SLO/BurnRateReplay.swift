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
