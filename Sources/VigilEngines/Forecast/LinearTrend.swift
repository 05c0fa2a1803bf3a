import VigilSeries

/// A least-squares line through a window of samples, as Prometheus's `predict_linear` fits
/// it, with the spread of the samples around it so a forecast carries a prediction band.
///
/// x is seconds relative to `origin` (Prometheus takes the evaluation time as the intercept
/// time); the slope is per second. A window whose values are all equal is a flat line at that
/// value with no spread, as in Prometheus. Over a long window the slope of pure noise is
/// close to zero and moves little from one evaluation to the next, so a forecast from this
/// line does not flap the way a trend smoothed from the last few samples does.
public struct LinearTrend: Equatable, Sendable {
    /// Change per second.
    public let slope: Double
    /// The line's value at `origin`.
    public let intercept: Double
    /// The time x is measured from.
    public let origin: Timestamp
    /// Samples fitted.
    public let count: Int
    /// Mean of the fitted x (seconds from `origin`) and their spread Σ(x − x̄)².
    public let meanX: Double
    public let spreadX: Double
    /// Residual standard deviation √(SSE / (n − 2)); 0 with fewer than three samples.
    public let residualDeviation: Double

    /// Fits the samples (times in milliseconds); nil with fewer than two samples, as
    /// `predict_linear` gives no result then.
    public init?(times: ArraySlice<Timestamp>, values: ArraySlice<Double>, origin: Timestamp) {
        precondition(times.count == values.count, "one value per time")
        guard times.count >= 2 else { return nil }
        let n = Double(times.count)
        var sumX = KahanSum(), sumY = KahanSum(), sumXY = KahanSum(), sumX2 = KahanSum()
        let first = values[values.startIndex]
        var constant = true
        for (t, y) in zip(times, values) {
            if y != first { constant = false }
            let x = Double(t - origin) / 1000
            sumX.add(x); sumY.add(y); sumXY.add(x * y); sumX2.add(x * x)
        }
        self.origin = origin
        count = times.count
        meanX = sumX.value / n
        spreadX = sumX2.value - sumX.value * sumX.value / n
        if constant {
            slope = first.isInfinite ? .nan : 0
            intercept = first.isInfinite ? .nan : first
            residualDeviation = 0
            return
        }
        slope = (sumXY.value - sumX.value * sumY.value / n) / spreadX
        intercept = sumY.value / n - slope * sumX.value / n
        guard times.count > 2 else { residualDeviation = 0; return }
        var squares = KahanSum()
        for (t, y) in zip(times, values) {
            let r = y - (intercept + slope * Double(t - origin) / 1000)
            squares.add(r * r)
        }
        residualDeviation = (squares.value / (n - 2)).squareRoot()
    }

    /// The line's value at a time.
    public func value(at time: Timestamp) -> Double {
        intercept + slope * Double(time - origin) / 1000
    }

    /// The standard deviation of a new sample at `time` around the line: the residual
    /// spread widened by the uncertainty of the fit, more the farther `time` is from the
    /// fitted samples (the ordinary least-squares prediction interval).
    public func predictionDeviation(at time: Timestamp) -> Double {
        let x = Double(time - origin) / 1000
        let leverage = spreadX > 0 ? (x - meanX) * (x - meanX) / spreadX : 0
        return residualDeviation * (1 + 1 / Double(count) + leverage).squareRoot()
    }

    /// The central prediction band holding a new sample at `time` with probability
    /// `confidence` (0 < confidence < 1), under normally distributed residuals.
    public func band(at time: Timestamp, confidence: Double) -> (low: Double, high: Double) {
        let center = value(at: time), z = NormalDistribution.quantile(0.5 + confidence / 2)
        let half = z * predictionDeviation(at: time)
        return (center - half, center + half)
    }

    /// The probability that a sample at `time` is at or beyond `threshold` on the side the
    /// line approaches it from (above a threshold above the window's level, below one below).
    public func breachProbability(of threshold: Double, at time: Timestamp, rising: Bool) -> Double {
        let center = value(at: time), deviation = predictionDeviation(at: time)
        guard deviation > 0 else { return (rising ? center >= threshold : center <= threshold) ? 1 : 0 }
        let z = (threshold - center) / deviation
        return rising ? NormalDistribution.survival(z) : NormalDistribution.survival(-z)
    }

    /// When the line reaches `threshold` at or after `from`, if it does by `deadline`.
    public func crossing(of threshold: Double, from: Timestamp, notAfter deadline: Timestamp) -> Timestamp? {
        let now = value(at: from)
        if now == threshold { return from }
        guard slope != 0, slope.isFinite else { return nil }
        let seconds = (threshold - now) / slope
        guard seconds >= 0, seconds * 1000 <= Double(deadline - from) else { return nil }
        return from + Timestamp((seconds * 1000).rounded(.up))
    }
}

/// Kahan–Neumaier summation, as Prometheus sums a regression's terms.
private struct KahanSum {
    private var sum = 0.0, compensation = 0.0
    mutating func add(_ x: Double) {
        let t = sum + x
        compensation += abs(sum) >= abs(x) ? (sum - t) + x : (x - t) + sum
        sum = t
    }
    var value: Double { sum + compensation }
}
