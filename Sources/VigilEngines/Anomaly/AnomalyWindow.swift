import VigilSeries

/// The trailing samples one detector judges against, kept so that a sample costs no
/// allocation: times and values in arrays read from `head` (compacted now and then), and,
/// for the median-based method, the values also kept sorted (a binary-search insert and
/// remove per sample instead of sorting the window twice per sample).
struct AnomalyWindow: Sendable {
    private var times: [Timestamp] = []
    private(set) var values: [Double] = []
    private var head = 0
    /// The window's values in ascending order; maintained only when `keepsSorted`.
    private var sorted: [Double] = []
    let keepsSorted: Bool

    init(keepsSorted: Bool) { self.keepsSorted = keepsSorted }

    var count: Int { values.count - head }
    var current: ArraySlice<Double> { values[head...] }
    var entries: [(time: Timestamp, value: Double)] { (head..<values.count).map { (times[$0], values[$0]) } }

    /// Drops the samples older than `oldest` and those at or after `time` (a repeated or
    /// out-of-order time replaces what was kept for it).
    mutating func trim(oldest: Timestamp, before time: Timestamp) {
        while head < values.count, times[head] < oldest {
            if keepsSorted { sorted.remove(at: position(of: values[head])) }
            head += 1
        }
        while values.count > head, let last = times.last, last >= time {
            if keepsSorted { sorted.remove(at: position(of: values[values.count - 1])) }
            times.removeLast()
            values.removeLast()
        }
        if head > 1024, head * 2 > values.count {
            times.removeFirst(head)
            values.removeFirst(head)
            head = 0
        }
    }

    mutating func append(_ value: Double, at time: Timestamp) {
        times.append(time)
        values.append(value)
        if keepsSorted { sorted.insert(value, at: position(of: value)) }
    }

    /// The first index in `sorted` whose value is not less than `value`.
    private func position(of value: Double) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    var mean: Double { current.reduce(0, +) / Double(count) }

    /// The sample standard deviation (n − 1), zero for a single value.
    var standardDeviation: Double {
        guard count > 1 else { return 0 }
        let m = mean
        return (current.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(count - 1)).squareRoot()
    }

    var median: Double {
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The median absolute deviation from `median`, read from the sorted values: the
    /// deviations below and above the median are each ascending from it, so merging the two
    /// runs reaches the middle one in n/2 steps.
    func medianAbsoluteDeviation(from median: Double) -> Double {
        let n = sorted.count
        var below = position(of: median) - 1, above = below + 1
        var previous = 0.0, taken = 0
        while true {
            let down = below >= 0 ? median - sorted[below] : .infinity
            let up = above < n ? sorted[above] - median : .infinity
            let next: Double
            if down <= up { next = down; below -= 1 } else { next = up; above += 1 }
            taken += 1
            if n % 2 == 1, taken == n / 2 + 1 { return next }
            if n % 2 == 0, taken == n / 2 + 1 { return (previous + next) / 2 }
            previous = next
        }
    }

    /// The mean absolute deviation from `median`: the modified z-score's scale when the MAD is 0.
    func meanAbsoluteDeviation(from median: Double) -> Double {
        current.reduce(0) { $0 + abs($1 - median) } / Double(count)
    }
}
