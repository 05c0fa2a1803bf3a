import VigilSeries

/// The batch forms of `ewma`, `zscore`, `forecast` and the window functions: each reads the
/// whole window again at every call. The product evaluates them incrementally (`RunningEWMA`,
/// `SlidingWindow`, `RunningHolt`); these are the references the tests check the incremental
/// states against, in the same arithmetic and order.
extension Series {
    /// Exponentially weighted moving average of the non-stale samples up to `time`:
    /// z₀ = x₀ and zᵢ = α·xᵢ + (1 − α)·zᵢ₋₁; nil when there is none.
    public func ewma(alpha: Double, at time: Timestamp) -> Double? {
        var smoothed: Double?
        for value in RangeWindow(self, from: Timestamp.min, through: time).values {
            if let previous = smoothed {
                smoothed = alpha * value + (1 - alpha) * previous
            } else {
                smoothed = value
            }
        }
        return smoothed
    }

    /// How many population standard deviations the newest sample in the window lies from the
    /// window's mean; nil with fewer than two samples or when every sample is equal.
    public func zscore(at time: Timestamp, window: Milliseconds) -> Double? {
        let values = RangeWindow(self, at: time, width: window).values
        guard values.count >= 2, let latest = values.last else { return nil }
        // Welford's update, as the product's moments.
        var count = 0.0, mean = 0.0, squares = 0.0
        for value in values {
            count += 1
            let delta = value - mean
            mean += delta / count
            squares += delta * (value - mean)
        }
        let standardDeviation = (squares / count).squareRoot()
        guard standardDeviation > 0 else { return nil }
        return (latest - mean) / standardDeviation
    }

    /// Holt forecast of the value `horizon` after `time`, fitted on every sample up to `time`.
    public func forecast(horizon: Milliseconds, at time: Timestamp) -> Double? {
        HoltForecast.fitted(RangeWindow(self, from: Timestamp.min, through: time).samples)?.value(at: time + horizon)
    }
}

extension HoltForecast {
    /// Fits the model to samples (oldest first) with the default α and β; nil with fewer than
    /// two samples. Level and trend start at y₀ and y₁ − y₀.
    static func fitted(_ samples: [Sample]) -> HoltForecast? {
        guard samples.count >= 2 else { return nil }
        let alpha = HoltForecast.defaultAlpha, beta = HoltForecast.defaultBeta
        var level = samples[0].value
        var trend = samples[1].value - samples[0].value
        for sample in samples.dropFirst() {
            let previousLevel = level
            level = alpha * sample.value + (1 - alpha) * (level + trend)
            trend = beta * (level - previousLevel) + (1 - beta) * trend
        }
        let lastTime = samples[samples.count - 1].timestamp
        return HoltForecast(level: level, trend: trend, lastTime: lastTime,
                            step: Double(lastTime - samples[0].timestamp) / Double(samples.count - 1))
    }
}

extension Series {
    /// The batch value of a window function: the reference for `SlidingWindow`.
    public func value(of function: WindowFunction, at time: Timestamp, window: Milliseconds) -> Double? {
        switch function {
        case .sum: return sumOverTime(at: time, window: window)
        case .avg: return avgOverTime(at: time, window: window)
        case .count: return countOverTime(at: time, window: window)
        case .min: return minOverTime(at: time, window: window)
        case .max: return maxOverTime(at: time, window: window)
        case .rate: return rate(at: time, window: window)
        case .increase: return increase(at: time, window: window)
        case .delta: return delta(at: time, window: window)
        case .quantile(let phi): return quantileOverTime(phi, at: time, window: window)
        case .zscore: return zscore(at: time, window: window)
        }
    }
}
