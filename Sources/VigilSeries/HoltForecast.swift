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

    /// A model from a fit (`RunningHolt` folds the samples in).
    public init(level: Double, trend: Double, lastTime: Timestamp, step: Double) {
        self.level = level
        self.trend = trend
        self.lastTime = lastTime
        self.step = step
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
        // A NaN or infinite offset fails the comparison below, and one that passes is at most
        // `deadline - lastTime`: the conversion cannot trap.
        let offset = (steps * step).rounded(.up)
        guard offset <= Double(deadline - lastTime) else { return nil }
        return lastTime + Timestamp(offset)
    }
}
