/// Holt's double exponential smoothing: a level and a trend, fitted over a series' samples.
///
/// Level ℓ = α·y + (1 − α)(ℓ + b), trend b = β(ℓ − ℓ_prev) + (1 − β)·b, started with
/// ℓ₀ = y₀ and b₀ = y₁ − y₀; the forecast h steps ahead is ℓ + h·b. A step is the average
/// spacing between the fitted samples, so irregular scrapes still give a time-based forecast.
public struct HoltForecast: Equatable, Sendable {
    /// Default level smoothing: 0.3 follows a real shift within a few samples but damps single spikes.
    public static let defaultAlpha = 0.3
    /// Default trend smoothing: 0.1 lets the slope change slowly, so noise does not swing the forecast.
    public static let defaultBeta = 0.1

    /// The smoothed level at the last fitted sample.
    public let level: Double
    /// The smoothed change per step.
    public let trend: Double
    /// Time of the last fitted sample.
    public let lastTime: Timestamp
    /// Average spacing between fitted samples, in milliseconds: the length of one step.
    public let step: Double

    /// Fits the model to samples (oldest first); nil with fewer than two samples or α, β outside (0, 1].
    public init?(samples: [Sample], alpha: Double = HoltForecast.defaultAlpha, beta: Double = HoltForecast.defaultBeta) {
        guard samples.count >= 2, alpha > 0, alpha <= 1, beta > 0, beta <= 1 else { return nil }
        var level = samples[0].value
        var trend = samples[1].value - samples[0].value
        for sample in samples.dropFirst() {
            let previousLevel = level
            level = alpha * sample.value + (1 - alpha) * (level + trend)
            trend = beta * (level - previousLevel) + (1 - beta) * trend
        }
        self.level = level
        self.trend = trend
        lastTime = samples[samples.count - 1].timestamp
        step = Double(lastTime - samples[0].timestamp) / Double(samples.count - 1)
    }

    /// The forecast value at a time (usually after `lastTime`).
    public func value(at time: Timestamp) -> Double {
        level + Double(time - lastTime) / step * trend
    }

    /// When the forecast line reaches `threshold`, if that happens no later than `deadline`.
    ///
    /// Nil when the trend is flat or leads away from the threshold (the line never reaches it
    /// going forward from `lastTime`), or when it gets there after `deadline`.
    public func breachTime(of threshold: Double, notAfter deadline: Timestamp) -> Timestamp? {
        if level == threshold { return lastTime }
        guard trend != 0 else { return nil }
        let steps = (threshold - level) / trend
        guard steps >= 0 else { return nil }
        let offset = (steps * step).rounded(.up)
        guard offset <= Double(deadline - lastTime) else { return nil }
        return lastTime + Timestamp(offset)
    }
}

extension Series {
    /// Holt forecast of the value `horizon` after `time`, fitted on samples up to `time`.
    ///
    /// `window` limits the fit to `[time - window, time]`; without it every sample counts.
    public func forecast(
        horizon: Milliseconds, at time: Timestamp, window: Milliseconds? = nil,
        alpha: Double = HoltForecast.defaultAlpha, beta: Double = HoltForecast.defaultBeta
    ) -> Double? {
        HoltForecast(samples: samplesUpTo(time, window: window).samples, alpha: alpha, beta: beta)?
            .value(at: time + horizon)
    }

    /// When the Holt forecast crosses `threshold`, if within `horizon` after `time`; nil otherwise.
    public func breachTime(
        of threshold: Double, within horizon: Milliseconds, at time: Timestamp, window: Milliseconds? = nil,
        alpha: Double = HoltForecast.defaultAlpha, beta: Double = HoltForecast.defaultBeta
    ) -> Timestamp? {
        HoltForecast(samples: samplesUpTo(time, window: window).samples, alpha: alpha, beta: beta)?
            .breachTime(of: threshold, notAfter: time + horizon)
    }
}
