/// How a sample is judged against the signal's own trailing values (DOMAIN.md "Anomalies
/// and forecasts"). Each method has its own baseline and its own scale of score.
public enum AnomalyMethod: String, CaseIterable, Sendable {
    /// |x − mean| / |mean| beyond the threshold (a fraction: 50% is 0.5).
    case relative
    /// (x − mean) / σ beyond the threshold (default 3).
    case zscore
    /// The robust z, 0.6745 · (x − median) / MAD, beyond the threshold (default 3.5): a
    /// single outlier in the baseline moves neither the median nor the MAD.
    case mad
    /// An EWMA control chart (λ = 0.25): the smoothed value outside the baseline mean
    /// ± threshold · σ · √(λ / (2 − λ)) (default threshold 3).
    case ewma

    /// The threshold a method uses when none is given.
    public var defaultThreshold: Double {
        switch self {
        case .relative: return 0.5
        case .zscore, .ewma: return 3
        case .mad: return 3.5
        }
    }

    /// The smoothing weight of the EWMA chart (DOMAIN.md: λ between 0.2 and 0.3).
    public static let ewmaLambda = 0.25
}

/// Whether the signal went up or down.
public enum AnomalyDirection: String, Sendable {
    case spike, drop
}

/// What one detector made of one sample: the baseline it compared against, how far the
/// sample is from it, and the method's score (compared with the threshold).
public struct AnomalyJudgement: Equatable, Sendable {
    public let baseline: Double
    public let deviation: Double
    public let score: Double
    public let isAnomalous: Bool
}

/// The summaries of a trailing window the detectors read.
enum AnomalyStatistics {
    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }

    /// The sample standard deviation (n − 1), zero for a single value.
    static func standardDeviation(_ xs: [Double]) -> Double {
        guard xs.count > 1 else { return 0 }
        let m = mean(xs)
        return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot()
    }

    static func median(_ xs: [Double]) -> Double {
        let sorted = xs.sorted(), middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The median absolute deviation from the median.
    static func mad(_ xs: [Double]) -> Double {
        let m = median(xs)
        return median(xs.map { abs($0 - m) })
    }

    /// A score of `deviation` over `scale`; a flat baseline (scale 0) makes any departure
    /// infinitely unusual and no departure not at all.
    static func ratio(_ deviation: Double, _ scale: Double) -> Double {
        if scale != 0 { return deviation / scale }
        return deviation == 0 ? 0 : (deviation > 0 ? .infinity : -.infinity)
    }
}

extension AnomalyMethod {
    /// Judges `x` against the trailing `window` (oldest first, at least one value).
    public func judge(_ x: Double, against window: [Double], threshold: Double) -> AnomalyJudgement {
        let baseline: Double, score: Double
        switch self {
        case .relative:
            baseline = AnomalyStatistics.mean(window)
            score = AnomalyStatistics.ratio(x - baseline, abs(baseline))
        case .zscore:
            baseline = AnomalyStatistics.mean(window)
            score = AnomalyStatistics.ratio(x - baseline, AnomalyStatistics.standardDeviation(window))
        case .mad:
            baseline = AnomalyStatistics.median(window)
            score = AnomalyStatistics.ratio(0.6745 * (x - baseline), AnomalyStatistics.mad(window))
        case .ewma:
            baseline = AnomalyStatistics.mean(window)
            let lambda = Self.ewmaLambda
            var smoothed = baseline
            for value in window + [x] { smoothed = lambda * value + (1 - lambda) * smoothed }
            let limit = AnomalyStatistics.standardDeviation(window) * (lambda / (2 - lambda)).squareRoot()
            score = AnomalyStatistics.ratio(smoothed - baseline, limit)
        }
        return AnomalyJudgement(baseline: baseline, deviation: x - baseline, score: score, isAnomalous: abs(score) > threshold)
    }
}
