/// `ewma` and the Holt fit behind `forecast`/`breach_time`: both fold every sample up to
/// `time` into a running state, so a replay that asks again at a later time only folds in
/// the samples that arrived since. The tests' batch references (VigilTestSupport) use the
/// same arithmetic in the same order, so results are bit-identical.
///
/// A call with an earlier time, a different series or a shorter one starts over.
public struct RunningEWMA {
    public let alpha: Double
    private var labels: Labels?
    private var lastTime = Timestamp.min
    private var next = 0
    private var smoothed: Double?

    public init(alpha: Double) { self.alpha = alpha }

    /// The EWMA of the non-stale samples at or before `time`; nil when there are none.
    public mutating func value(of series: Series, at time: Timestamp) -> Double? {
        if labels != series.labels || time < lastTime || series.count < next {
            labels = series.labels
            next = 0
            smoothed = nil
        }
        lastTime = time
        let times = series.timestamps, values = series.values
        while next < times.count && times[next] <= time {
            let value = values[next]
            next += 1
            if StaleMarker.isStale(value) { continue }
            if let previous = smoothed {
                smoothed = alpha * value + (1 - alpha) * previous
            } else {
                smoothed = value
            }
        }
        return smoothed
    }
}

/// The running Holt fit over every non-stale sample at or before the evaluation time.
public struct RunningHolt {
    public let alpha: Double
    public let beta: Double
    private var labels: Labels?
    private var lastTime = Timestamp.min
    private var next = 0
    private var count = 0
    private var firstTime: Timestamp = 0
    private var lastSampleTime: Timestamp = 0
    private var level = 0.0
    private var trend = 0.0

    public init(alpha: Double = HoltForecast.defaultAlpha, beta: Double = HoltForecast.defaultBeta) {
        self.alpha = alpha
        self.beta = beta
    }

    /// The model fitted on the samples at or before `time`; nil with fewer than two.
    public mutating func model(of series: Series, at time: Timestamp) -> HoltForecast? {
        if labels != series.labels || time < lastTime || series.count < next {
            labels = series.labels
            next = 0
            count = 0
        }
        lastTime = time
        let times = series.timestamps, values = series.values
        while next < times.count && times[next] <= time {
            let value = values[next], sampleTime = times[next]
            next += 1
            if StaleMarker.isStale(value) { continue }
            fold(value, at: sampleTime)
        }
        guard count >= 2 else { return nil }
        let step = Double(lastSampleTime - firstTime) / Double(count - 1)
        return HoltForecast(level: level, trend: trend, lastTime: lastSampleTime, step: step)
    }

    private mutating func fold(_ value: Double, at time: Timestamp) {
        count += 1
        lastSampleTime = time
        switch count {
        case 1:
            firstTime = time
            level = value
            return
        case 2:
            // HoltForecast starts the trend at y₁ − y₀, then folds y₁ in like every later sample.
            trend = value - level
        default:
            break
        }
        let previousLevel = level
        level = alpha * value + (1 - alpha) * (level + trend)
        trend = beta * (level - previousLevel) + (1 - beta) * trend
    }
}
