/// The `*_over_time` family: aggregates of the non-stale samples in `[time - window, time]`.
///
/// Every function returns nil when the window holds no sample: Vigil's nodata, never 0.
extension Series {
    /// Sum of the samples in the window.
    public func sumOverTime(at time: Timestamp, window: Milliseconds) -> Double? {
        var sum = CompensatedSum()
        var count = 0
        RangeWindow(self, at: time, width: window).forEach { _, value in
            sum.add(value)
            count += 1
        }
        return count == 0 ? nil : sum.total
    }

    /// Arithmetic mean of the samples in the window: their sum over their count, or a
    /// running mean when that sum overflows (as Prometheus keeps it).
    public func avgOverTime(at time: Timestamp, window: Milliseconds) -> Double? {
        var sum = CompensatedSum()
        var count = 0
        RangeWindow(self, at: time, width: window).forEach { _, value in
            sum.add(value)
            count += 1
        }
        if count == 0 { return nil }
        return sum.overflowed ? RunningMean.of(RangeWindow(self, at: time, width: window).values) : sum.total / Double(count)
    }

    /// Number of samples in the window; nil (not 0) when there are none.
    public func countOverTime(at time: Timestamp, window: Milliseconds) -> Double? {
        let count = RangeWindow(self, at: time, width: window).count
        return count == 0 ? nil : Double(count)
    }

    /// Smallest sample in the window; NaN samples are skipped unless all are NaN, as in Prometheus.
    public func minOverTime(at time: Timestamp, window: Milliseconds) -> Double? {
        var result: Double?
        RangeWindow(self, at: time, width: window).forEach { _, value in
            if let current = result {
                if value < current || current.isNaN { result = value }
            } else {
                result = value
            }
        }
        return result
    }

    /// Largest sample in the window; NaN samples are skipped unless all are NaN, as in Prometheus.
    public func maxOverTime(at time: Timestamp, window: Milliseconds) -> Double? {
        var result: Double?
        RangeWindow(self, at: time, width: window).forEach { _, value in
            if let current = result {
                if value > current || current.isNaN { result = value }
            } else {
                result = value
            }
        }
        return result
    }

    /// Population standard deviation of the samples in the window, as `stddev_over_time`.
    public func stddevOverTime(at time: Timestamp, window: Milliseconds) -> Double? {
        Statistics.meanAndStandardDeviation(RangeWindow(self, at: time, width: window).values)?.standardDeviation
    }

    /// The φ-quantile of the samples in the window with Prometheus's linear interpolation.
    ///
    /// φ below 0 gives -Inf, above 1 gives +Inf and NaN gives NaN, as `quantile_over_time` does.
    public func quantileOverTime(_ phi: Double, at time: Timestamp, window: Milliseconds) -> Double? {
        var values = RangeWindow(self, at: time, width: window).values
        guard !values.isEmpty else { return nil }
        values.sort(by: Statistics.nanFirstLess)
        return Statistics.quantile(phi, count: values.count) { values[$0] }
    }

    /// The newest sample in the window (`last_over_time`).
    public func lastOverTime(at time: Timestamp, window: Milliseconds) -> Double? {
        RangeWindow(self, at: time, width: window).last?.value
    }
}

/// Small statistics helpers shared by the direct and incremental functions.
enum Statistics {
    /// Go's float ordering: NaN sorts before every number.
    @inline(__always)
    static func nanFirstLess(_ lhs: Double, _ rhs: Double) -> Bool {
        lhs < rhs || (lhs.isNaN && !rhs.isNaN)
    }

    /// Prometheus's quantile over `count` sorted values read through `valueAt`.
    static func quantile(_ phi: Double, count: Int, valueAt: (Int) -> Double) -> Double {
        if phi.isNaN { return .nan }
        if phi < 0 { return -.infinity }
        if phi > 1 { return .infinity }
        let rank = phi * Double(count - 1)
        let lowerIndex = max(0, Int(rank.rounded(.down)))
        let upperIndex = min(count - 1, lowerIndex + 1)
        let weight = rank - rank.rounded(.down)
        return valueAt(lowerIndex) * (1 - weight) + valueAt(upperIndex) * weight
    }

    /// Mean and population standard deviation, via Welford's update; nil for no values.
    static func meanAndStandardDeviation(_ values: [Double]) -> (mean: Double, standardDeviation: Double)? {
        guard !values.isEmpty else { return nil }
        var count = 0.0
        var mean = 0.0
        var squares = 0.0
        for value in values {
            count += 1
            let delta = value - mean
            mean += delta / count
            squares += delta * (value - mean)
        }
        return (mean, (squares / count).squareRoot())
    }
}
