import VigilSeries

/// The trailing samples one detector judges against, kept so that a sample costs no
/// allocation and no pass over the window: times and values in arrays read from `head`
/// (compacted now and then); for the median-based method, the values also kept sorted (a
/// binary-search insert and remove per sample instead of sorting the window twice per
/// sample); for the mean-based methods, running sums of the values (`RunningMoments`,
/// re-anchored on the window as it turns over, so they do not drift). The per-sample steps
/// are inlined into `AnomalyDetector.observe`: as calls, their prologues and the window's
/// fields reloaded after each were a sizeable share of a z-score sample's few hundred
/// instructions.
struct AnomalyWindow: Sendable {
    private var times: [Timestamp] = []
    private(set) var values: [Double] = []
    private var head = 0
    /// The window's values in ascending order; maintained only when `keepsSorted`.
    private var sorted: [Double] = []
    let keepsSorted: Bool
    /// The mean and σ as sums that values enter and leave; maintained only when
    /// `keepsMoments` (a plain field, not an optional, so they change in place).
    private var moments = RunningMoments()
    let keepsMoments: Bool
    /// The mean and population variance the sums gave when `trim` checked their anchor, taken
    /// by the judgement that follows instead of totalling and dividing the sums again; nil
    /// when they gave none, once taken, and from the moment a value enters.
    private var checkedMoments: (mean: Double, variance: Double)?
    /// How many of the newest values are equal to the newest: the window is flat when all
    /// of its values are. Running sums cannot tell a flat window's σ of 0 from a rounding
    /// residue, so a flat window's mean and σ are recomputed from its values.
    private var equalRun = 0

    init(keepsSorted: Bool, keepsMoments: Bool = false) {
        self.keepsSorted = keepsSorted
        self.keepsMoments = keepsMoments
    }

    var count: Int { values.count - head }
    var current: ArraySlice<Double> { values[head...] }
    var entries: [(time: Timestamp, value: Double)] { (head..<values.count).map { (times[$0], values[$0]) } }

    /// Drops the samples older than `oldest` and those at or after `time` (a repeated or
    /// out-of-order time replaces what was kept for it).
    @inline(__always) mutating func trim(oldest: Timestamp, before time: Timestamp) {
        while head < values.count, times[head] < oldest {
            if keepsSorted { sorted.remove(at: position(of: values[head])) }
            if keepsMoments { moments.remove(values[head]) }
            head += 1
        }
        while values.count > head, let last = times.last, last >= time {
            if keepsSorted { sorted.remove(at: position(of: values[values.count - 1])) }
            if keepsMoments { moments.remove(values[values.count - 1]) }
            times.removeLast()
            values.removeLast()
            equalRun = trailingEqualCount()
        }
        if head > 1024, head * 2 > values.count {
            times.removeFirst(head)
            values.removeFirst(head)
            head = 0
        }
        anchorIfNeeded()
    }

    @inline(__always) mutating func append(_ value: Double, at time: Timestamp) {
        equalRun = count > 0 && values[values.count - 1] == value ? equalRun + 1 : 1
        times.append(time)
        values.append(value)
        if keepsSorted { sorted.insert(value, at: position(of: value)) }
        if keepsMoments {
            moments.add(value)
            checkedMoments = nil
        }
    }

    /// Re-anchors the running sums on the window's values once it has turned over or its
    /// mean has moved far from the anchor (amortised O(1): see `RunningMoments`). Checked
    /// at the end of `trim`, which the detector calls before it reads the window; the check
    /// reads the moments the judgement then uses.
    @inline(__always) private mutating func anchorIfNeeded() {
        guard keepsMoments else { return }
        let check = moments.anchorCheck(holding: count)
        guard check.needsAnchor else {
            checkedMoments = check.moments
            return
        }
        moments.reanchor(onWindow: current)
        checkedMoments = moments.meanAndVariance(count: count)
    }

    /// How many of the window's newest values equal its newest one.
    private func trailingEqualCount() -> Int {
        guard let last = current.last else { return 0 }
        var run = 0
        for value in current.reversed() {
            guard value == last else { break }
            run += 1
        }
        return run
    }

    /// Every value in the window is the same one.
    var isFlat: Bool { equalRun >= count }

    /// The first index in `sorted` whose value is not less than `value`.
    private func position(of value: Double) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The smallest and largest kept value; only when `keepsSorted` and not empty.
    var minimum: Double { sorted[0] }
    var maximum: Double { sorted[sorted.count - 1] }

    /// The mean: from the running sums when kept, else (and for a flat window) summed afresh.
    var mean: Double {
        if keepsMoments, !isFlat, let kept = moments.meanAndVariance(count: count) { return kept.mean }
        return current.reduce(0, +) / Double(count)
    }

    /// The mean and the sample standard deviation (n − 1; zero for a single value): from the
    /// running sums when kept (the moments `trim` read, taken), else (and for a flat window)
    /// summed afresh over the window. Mutating, so callers pass the window in place: a getter
    /// was called on a 136-byte copy of it every sample.
    @inline(__always) mutating func takeMeanAndStandardDeviation() -> (mean: Double, standardDeviation: Double) {
        let n = count
        let checked = checkedMoments
        checkedMoments = nil
        if keepsMoments, !isFlat, let kept = checked ?? moments.meanAndVariance(count: n) {
            return (kept.mean, n > 1 ? (kept.variance * Double(n) / Double(n - 1)).squareRoot() : 0)
        }
        let m = mean
        guard n > 1 else { return (m, 0) }
        return (m, (current.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)).squareRoot())
    }

    var median: Double {
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The median absolute deviation from `median`, read from the sorted values: the
    /// deviations below the median (`median − sorted[split − 1 − i]`) and above it
    /// (`sorted[split + j] − median`) are two ascending runs, and the middle of their merge
    /// is found by a binary search for how many of the smallest n/2 deviations lie below —
    /// O(log n) rather than walking the merge.
    func medianAbsoluteDeviation(from median: Double) -> Double {
        let n = sorted.count, split = position(of: median)
        let belowCount = split, aboveCount = n - split
        @inline(__always) func below(_ i: Int) -> Double { median - sorted[split - 1 - i] }
        @inline(__always) func above(_ j: Int) -> Double { sorted[split + j] - median }
        // The smallest `taken` deviations are the first i below and the first taken − i above:
        // the least i whose next deviation below is not less than the last one taken above.
        let taken = n / 2
        var low = max(0, taken - aboveCount), high = min(belowCount, taken)
        while low < high {
            let i = (low + high) / 2
            if below(i) >= above(taken - i - 1) { high = i } else { low = i + 1 }
        }
        let i = low, j = taken - i
        // The next deviation in the merge (the middle one for odd n), and for even n the last taken.
        let next = min(i < belowCount ? below(i) : .infinity, j < aboveCount ? above(j) : .infinity)
        if n % 2 == 1 { return next }
        let previous = max(i > 0 ? below(i - 1) : -.infinity, j > 0 ? above(j - 1) : -.infinity)
        return (previous + next) / 2
    }

    /// The mean absolute deviation from `median`: the modified z-score's scale when the MAD is 0.
    func meanAbsoluteDeviation(from median: Double) -> Double {
        current.reduce(0) { $0 + abs($1 - median) } / Double(count)
    }
}
