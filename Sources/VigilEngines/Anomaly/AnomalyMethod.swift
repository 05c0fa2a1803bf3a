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
    /// The anomaly likelihood of the z-score (AnomalyLikelihood): the mean of the last 5
    /// samples' |z| against the distribution of |z| over the window, beyond the threshold (3).
    case likelihood

    /// The threshold a method uses when none is given.
    public var defaultThreshold: Double {
        switch self {
        case .relative: return 0.5
        case .zscore, .ewma, .likelihood: return 3
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

    public init(baseline: Double, deviation: Double, score: Double, isAnomalous: Bool) {
        self.baseline = baseline
        self.deviation = deviation
        self.score = score
        self.isAnomalous = isAnomalous
    }
}

/// A score of `deviation` over `scale`; a flat baseline (scale 0) makes any departure
/// infinitely unusual and no departure not at all.
func anomalyRatio(_ deviation: Double, _ scale: Double) -> Double {
    if scale != 0 { return deviation / scale }
    return deviation == 0 ? 0 : (deviation > 0 ? .infinity : -.infinity)
}

extension AnomalyMethod {
    /// Judges `x` against the trailing window (at least one value), taking the moments its
    /// `trim` read. The window is `inout` so that the detector passes its own in place:
    /// borrowed, it was copied (136 bytes) for every sample.
    func judge(_ x: Double, against window: inout AnomalyWindow, threshold: Double) -> AnomalyJudgement {
        let baseline: Double, score: Double
        switch self {
        case .relative:
            baseline = window.mean
            score = anomalyRatio(x - baseline, abs(baseline))
        case .zscore:
            let (mean, deviation) = window.takeMeanAndStandardDeviation()
            baseline = mean
            score = anomalyRatio(x - baseline, deviation)
        case .mad:
            baseline = window.median
            let mad = window.medianAbsoluteDeviation(from: baseline)
            // More than half the window equal to the median makes the MAD 0; the modified
            // z-score then divides by the mean absolute deviation, 1.253314 · MeanAD
            // (Iglewicz & Hoaglin; IBM SPSS), so a mostly flat signal is not flagged at
            // every departure. Only a completely flat window leaves a zero scale.
            score = mad != 0 ? anomalyRatio(0.6745 * (x - baseline), mad)
                : anomalyRatio(x - baseline, 1.253314 * window.meanAbsoluteDeviation(from: baseline))
        case .ewma:
            let (mean, deviation) = window.takeMeanAndStandardDeviation()
            baseline = mean
            let lambda = Self.ewmaLambda
            var smoothed = baseline
            for value in window.current { smoothed = lambda * value + (1 - lambda) * smoothed }
            smoothed = lambda * x + (1 - lambda) * smoothed
            let limit = deviation * (lambda / (2 - lambda)).squareRoot()
            score = anomalyRatio(smoothed - baseline, limit)
        case .likelihood:
            // Judged by AnomalyDetector with its history of raw scores; alone, the sample's z-score.
            let (mean, deviation) = window.takeMeanAndStandardDeviation()
            baseline = mean
            score = anomalyRatio(x - baseline, deviation)
        }
        return AnomalyJudgement(baseline: baseline, deviation: x - baseline, score: score, isAnomalous: abs(score) > threshold)
    }
}
