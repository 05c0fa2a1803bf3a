/// The range functions that `SlidingWindow` evaluates incrementally.
public enum WindowFunction: Hashable, Sendable {
    /// `sum_over_time`
    case sum
    /// `avg_over_time`
    case avg
    /// `count_over_time`
    case count
    /// `min_over_time`
    case min
    /// `max_over_time`
    case max
    /// `rate` (counter, per second)
    case rate
    /// `increase` (counter)
    case increase
    /// `delta` (gauge)
    case delta
    /// `quantile_over_time` with φ
    case quantile(Double)
    /// `zscore`: the newest sample's distance from the window's mean, in standard deviations
    case zscore
}

/// Per-call-site state that evaluates one range function over `[t - width, t]` for
/// successive, non-decreasing times `t` without rescanning the window.
///
/// Each call moves the window's two ends forward over the series' arrays: samples that
/// enter are added and samples that leave are removed from running structures — a
/// compensated running sum (sum, avg, count), a running sum of counter-reset corrections
/// plus the first and last sample (rate, increase, delta), monotonic deques (min, max) and
/// the window's values in order (quantile, `WindowRanks`). A replay therefore costs O(samples), not
/// O(samples × window). Results equal the direct `Series` functions.
///
/// The series may grow between calls (appends only). A call with an earlier time, a
/// different series or a shorter one than before starts over from scratch.
public struct SlidingWindow: Sendable {
    /// The function evaluated.
    public let function: WindowFunction
    /// The window width in milliseconds.
    public let width: Milliseconds

    private var labels: Labels?
    private var lastTime: Timestamp?
    /// Window bounds as series indices, stale markers included: `[low, high)`.
    private var low = 0
    private var high = 0
    /// Number of non-stale samples in the window.
    private var count = 0
    /// Index of the oldest and the newest non-stale sample in the window.
    private var firstLive: Int?
    private var lastLive: Int?

    private var sum = CompensatedSum()
    private var resetCorrection = CompensatedSum()
    private var minimum = MonotonicDeque(.minimum)
    private var maximum = MonotonicDeque(.maximum)
    private var nanCount = 0
    private var ranks = WindowRanks()
    private var moments = RunningMoments()
    /// Infinite samples in the window (zscore is undefined while one is present).
    private var infiniteCount = 0

    /// Creates the state for one function and window width.
    public init(_ function: WindowFunction, width: Milliseconds) {
        self.function = function
        self.width = width
    }

    /// The function's value over `[time - width, time]`; nil where the direct function is nil.
    public mutating func value(of series: Series, at time: Timestamp) -> Double? {
        advance(series, to: time)
        return result(series, at: time)
    }

    // MARK: - Moving the window

    private mutating func advance(_ series: Series, to time: Timestamp) {
        let start = time - width
        if labels != series.labels || series.count < high || time < (lastTime ?? Timestamp.min) {
            reset(for: series, start: start)
        }
        lastTime = time
        let times = series.timestamps
        // Enter first, then leave: a counter pair is counted when its right sample enters
        // and uncounted when its left sample leaves, so both must see the same neighbours.
        while high < times.count && times[high] <= time {
            enter(series, high)
            high += 1
        }
        while low < high && times[low] < start {
            leave(series, low)
            low += 1
        }
        if function == .zscore, moments.needsAnchor(holding: count) {
            moments.reanchor(on: series.values[low..<high].lazy.filter { !StaleMarker.isStale($0) && $0.isFinite })
        }
    }

    private mutating func reset(for series: Series, start: Timestamp) {
        labels = series.labels
        low = series.firstIndex(atOrAfter: start)
        high = low
        count = 0
        firstLive = nil
        lastLive = nil
        sum = CompensatedSum()
        resetCorrection = CompensatedSum()
        minimum.removeAll()
        maximum.removeAll()
        nanCount = 0
        ranks.removeAll()
        moments = RunningMoments()
        infiniteCount = 0
    }

    private mutating func enter(_ series: Series, _ index: Int) {
        let value = series.values[index]
        guard !StaleMarker.isStale(value) else { return }
        count += 1
        switch function {
        case .sum, .avg, .count:
            sum.add(value)
        case .min, .max:
            if value.isNaN {
                nanCount += 1
            } else if function == .min {
                minimum.push(index: index, value: value)
            } else {
                maximum.push(index: index, value: value)
            }
        case .quantile:
            ranks.insert(value, id: index)
        case .zscore:
            if value.isNaN {
                nanCount += 1
            } else {
                minimum.push(index: index, value: value)
                maximum.push(index: index, value: value)
                if value.isInfinite { infiniteCount += 1 } else { moments.add(value) }
            }
        case .rate, .increase:
            if let previous = lastLive, value < series.values[previous] {
                resetCorrection.add(series.values[previous])
            }
        case .delta:
            break
        }
        if firstLive == nil { firstLive = index }
        lastLive = index
    }

    private mutating func leave(_ series: Series, _ index: Int) {
        let value = series.values[index]
        guard !StaleMarker.isStale(value) else { return }
        count -= 1
        // The next live sample becomes the oldest; scanning past stale markers here is
        // amortised O(1) because `low` never moves back over them.
        var next = index + 1
        while next < high && StaleMarker.isStale(series.values[next]) { next += 1 }
        let successor = next < high ? next : nil
        switch function {
        case .sum, .avg, .count:
            sum.remove(value)
            // An overflowed sum cannot subtract its way back: sum what stays in the window.
            if sum.overflowed { sum = Self.sum(of: series, index + 1..<high) }
        case .min, .max:
            if value.isNaN {
                nanCount -= 1
            } else {
                minimum.evict(index: index)
                maximum.evict(index: index)
            }
        case .quantile:
            ranks.remove(value, id: index)
        case .zscore:
            if value.isNaN {
                nanCount -= 1
            } else {
                minimum.evict(index: index)
                maximum.evict(index: index)
                if value.isInfinite { infiniteCount -= 1 } else { moments.remove(value) }
            }
        case .rate, .increase:
            if let successor, series.values[successor] < value {
                resetCorrection.remove(value)
            }
        case .delta:
            break
        }
        firstLive = successor
        if successor == nil {
            lastLive = nil
            // An empty window has no rounding history worth keeping.
            sum = CompensatedSum()
            resetCorrection = CompensatedSum()
            moments = RunningMoments()
        }
    }

    /// The compensated sum of the non-stale samples at `indices`.
    private static func sum(of series: Series, _ indices: Range<Int>) -> CompensatedSum {
        var total = CompensatedSum()
        for i in indices where !StaleMarker.isStale(series.values[i]) { total.add(series.values[i]) }
        return total
    }

    /// The window's non-stale samples, oldest first.
    private func liveValues(_ series: Series) -> [Double] {
        series.values[low..<high].filter { !StaleMarker.isStale($0) }
    }

    // MARK: - Reading the result

    // Inlined: called apart, `value` passed it a copy of the whole window on every call.
    @inline(__always)
    private func result(_ series: Series, at time: Timestamp) -> Double? {
        guard count > 0 else { return nil }
        switch function {
        case .sum:
            return sum.total
        case .avg:
            return sum.overflowed ? RunningMean.of(liveValues(series)) : sum.total / Double(count)
        case .count:
            return Double(count)
        case .min:
            return minimum.front ?? (nanCount > 0 ? .nan : nil)
        case .max:
            return maximum.front ?? (nanCount > 0 ? .nan : nil)
        case .quantile(let phi):
            return Statistics.quantile(phi, count: ranks.count) { ranks.value(atRank: $0) }
        case .zscore:
            // Undefined, as for the direct function: fewer than two samples, a NaN or an
            // infinity among them, or all equal (no spread).
            guard count >= 2, nanCount == 0, infiniteCount == 0, let last = lastLive,
                  let low = minimum.front, let high = maximum.front, low < high,
                  let stats = moments.meanAndStandardDeviation(count: count), stats.standardDeviation > 0 else { return nil }
            return (series.values[last] - stats.mean) / stats.standardDeviation
        case .rate, .increase, .delta:
            guard count >= 2, let first = firstLive, let last = lastLive else { return nil }
            let isCounter = function != .delta
            let firstValue = series.values[first]
            let difference = series.values[last] - firstValue + (isCounter ? resetCorrection.total : 0)
            return CounterMath.extrapolate(
                difference: difference, firstValue: firstValue,
                firstTime: series.timestamps[first], lastTime: series.timestamps[last], count: count,
                windowStart: time - width, windowEnd: time, isCounter: isCounter, isRate: function == .rate)
        }
    }
}
