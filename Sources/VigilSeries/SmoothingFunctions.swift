/// Smoothing and standardising: `ewma` and `zscore`.
extension Series {
    /// Exponentially weighted moving average of the non-stale samples up to `time`.
    ///
    /// z₀ = x₀ and zᵢ = α·xᵢ + (1 − α)·zᵢ₋₁. With `window` only samples in
    /// `[time - window, time]` count; without it every sample at or before `time` does.
    /// Returns nil when no sample counts or `alpha` is outside (0, 1].
    public func ewma(alpha: Double, at time: Timestamp, window: Milliseconds? = nil) -> Double? {
        guard alpha > 0, alpha <= 1 else { return nil }
        var smoothed: Double?
        samplesUpTo(time, window: window).forEach { _, value in
            if let previous = smoothed {
                smoothed = alpha * value + (1 - alpha) * previous
            } else {
                smoothed = value
            }
        }
        return smoothed
    }

    /// How many population standard deviations the newest sample in the window lies from the window's mean.
    ///
    /// Nil with fewer than two samples or when every sample is equal (standard deviation 0),
    /// since the z-score is then undefined rather than zero.
    public func zscore(at time: Timestamp, window: Milliseconds) -> Double? {
        let values = RangeWindow(self, at: time, width: window).values
        guard values.count >= 2, let latest = values.last,
              let stats = Statistics.meanAndStandardDeviation(values), stats.standardDeviation > 0
        else { return nil }
        return (latest - stats.mean) / stats.standardDeviation
    }

    /// The non-stale samples in `[time - window, time]`, or all up to `time` without a window.
    func samplesUpTo(_ time: Timestamp, window: Milliseconds?) -> RangeWindow {
        if let window { return RangeWindow(self, at: time, width: window) }
        return RangeWindow(self, from: Timestamp.min, through: time)
    }
}
