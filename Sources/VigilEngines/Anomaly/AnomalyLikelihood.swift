import VigilSeries

/// The anomaly likelihood (Ahmad et al., "Unsupervised real-time anomaly detection for
/// streaming data", 2017 — the step Numenta's HTM detector puts after its raw score, which
/// works with any raw score): rather than judging one sample's z-score, judge whether the
/// recent raw scores are unusual for this signal. A noisy signal's z-scores are often high,
/// a calm one's rarely; a change shows as the short mean of the raw scores rising out of
/// their own distribution over the window.
///
/// raw(x) = |x − mean| / σ of the trailing window (capped at `rawCap`, so one flat stretch's
/// infinite score does not swamp the statistics), kept for `historyFactor` windows;
/// score = (mean of the last `shortSamples` raw scores, this one included − mean of the
/// earlier raw scores) / their σ — a z-score of the raw scores, over the threshold (3) when
/// the tail probability of the recent mean is under 0.13%. A value outside the history's
/// range by more than 5% of it is anomalous too (`novelty`). Judging starts once
/// `minimumScores` raw scores exist, i.e. after twice `min_samples` samples.
enum AnomalyLikelihood {
    /// Raw scores averaged for the recent level (Numenta uses 10 at 5-minute data, i.e. a
    /// short window of minutes; 5 samples react in a few samples).
    static let shortSamples = 5
    static let rawCap = 50.0
    /// A value beyond the lowest or highest of the history by more than this share of its
    /// range is new ground for the signal and anomalous whatever its z-score (Numenta's
    /// detector adds the same "spatial" check): a level shift a wide baseline absorbs.
    static let noveltyTolerance = 0.05
    /// How many baseline windows of raw scores the likelihood compares against: the raw
    /// scores' own distribution needs a longer view than the baseline they are taken from
    /// (a day's z-scores judged against the last three days' scores).
    static let historyFactor: Timestamp = 3
    /// The smallest σ of the raw scores: a window of identical raw scores (a flat signal)
    /// makes any change very unlikely but not infinitely so.
    static let minimumDeviation = 1e-6

    /// Raw scores needed before a sample is judged: the distribution of one or two says nothing.
    static let minimumScores = AnomalyDetector.defaultMinSamples

    static func raw(_ x: Double, mean: Double, deviation: Double) -> Double {
        let d = abs(x - mean)
        if deviation == 0 { return d == 0 ? 0 : rawCap }
        return min(d / deviation, rawCap)
    }

    /// The likelihood score of a sample with raw score `raw` against the earlier raw scores
    /// (oldest first); 0 until `minimumScores` exist.
    static func score(_ raw: Double, history: ArraySlice<Double>) -> Double {
        guard history.count >= minimumScores else { return 0 }
        let n = Double(history.count)
        let mean = history.reduce(0, +) / n
        let deviation = (history.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        let recent = history.suffix(shortSamples - 1)
        let short = (recent.reduce(0, +) + raw) / Double(recent.count + 1)
        return (short - mean) / max(deviation, minimumDeviation)
    }

    /// How far `x` lies outside `range` (the history's lowest and highest value), in units
    /// of `noveltyTolerance` of the range, times the threshold: over the threshold exactly
    /// when `x` is beyond the range by more than the tolerance; 0 inside it.
    static func novelty(_ x: Double, range: (low: Double, high: Double), threshold: Double) -> Double {
        let beyond = max(x - range.high, range.low - x, 0)
        guard beyond > 0 else { return 0 }
        let width = noveltyTolerance * (range.high - range.low)
        return width > 0 ? threshold * beyond / width : .infinity
    }

    static func judge(_ x: Double, raw: Double, baseline: Double, history: ArraySlice<Double>,
                      range: (low: Double, high: Double), threshold: Double) -> AnomalyJudgement {
        // Only recent scores above their usual level are unusual; below it the signal is calmer than usual.
        let score = max(Self.score(raw, history: history), novelty(x, range: range, threshold: threshold))
        return AnomalyJudgement(baseline: baseline, deviation: x - baseline, score: score, isAnomalous: score > threshold)
    }
}
