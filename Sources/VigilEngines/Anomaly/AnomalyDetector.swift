import VigilSeries

/// One anomaly of one signal: when it began, peaked and ended, how large it was relative to
/// the baseline, and the detector's numbers at its peak.
public struct Anomaly: Equatable, Sendable {
    public let method: AnomalyMethod
    public let direction: AnomalyDirection
    public let onset: Timestamp
    public internal(set) var peak: Timestamp
    /// The first normal sample after it; nil while it is open.
    public internal(set) var end: Timestamp?
    /// The sample at the peak, and the detector's numbers there.
    public internal(set) var value: Double
    public internal(set) var judgement: AnomalyJudgement

    public var isOpen: Bool { end == nil }
    public var baseline: Double { judgement.baseline }
    /// (value − baseline) / |baseline| at the peak; nil when the baseline is 0.
    public var magnitude: Double? { judgement.baseline == 0 ? nil : judgement.deviation / abs(judgement.baseline) }

    /// An anomaly as found before, read back from the store.
    public init(method: AnomalyMethod, direction: AnomalyDirection, onset: Timestamp, peak: Timestamp, end: Timestamp?,
                value: Double, judgement: AnomalyJudgement) {
        self.method = method
        self.direction = direction
        self.onset = onset
        self.peak = peak
        self.end = end
        self.value = value
        self.judgement = judgement
    }
}

/// What the detector reports as samples arrive.
public enum AnomalyEvent: Equatable, Sendable {
    case opened(Anomaly)
    case closed(Anomaly)

    public var anomaly: Anomaly {
        switch self {
        case .opened(let a), .closed(let a): return a
        }
    }
}

/// Rolling-baseline anomaly detection for one signal (one label set): each sample is
/// judged against the signal's own earlier samples inside the trailing window, and only
/// once `minSamples` of them exist. A value type that takes samples and returns events,
/// as `CanaryCoordinator` does; the binding keeps one per call site and label set.
public struct AnomalyDetector: Sendable {
    public static let defaultMinSamples = 10
    public static let defaultWindow: Timestamp = 3_600_000

    public let method: AnomalyMethod
    public let threshold: Double
    public let minSamples: Int
    /// How far back the baseline reaches, in milliseconds.
    public let window: Timestamp

    /// The trailing samples (the current one is added after it is judged).
    private var trailing: AnomalyWindow
    /// The likelihood method's raw scores of the judged samples, and the values over the same
    /// longer history, sorted for their range (AnomalyLikelihood).
    private var rawScores = AnomalyWindow(keepsSorted: false)
    private var history = AnomalyWindow(keepsSorted: true)
    /// The trailing samples, oldest first.
    public var samples: [(time: Timestamp, value: Double)] { trailing.entries }
    public var sampleCount: Int { trailing.count }
    public private(set) var open: Anomaly?
    public private(set) var anomalies: [Anomaly] = []
    /// The judgement of the latest sample; nil while too few samples exist.
    public private(set) var latest: AnomalyJudgement?

    public init(method: AnomalyMethod, threshold: Double? = nil, minSamples: Int = defaultMinSamples,
                window: Timestamp = defaultWindow) {
        self.method = method
        self.threshold = threshold ?? method.defaultThreshold
        self.minSamples = max(1, minSamples)
        self.window = window
        // `relative` keeps no running sums: its score is a ratio to the mean itself, and on
        // integer-valued data an exact 50% must stay exactly 50% (summed afresh, the mean of
        // integers is exact; running sums about a fractional anchor are not).
        trailing = AnomalyWindow(keepsSorted: method == .mad, keepsMoments: method != .mad && method != .relative)
    }

    /// The number of baseline samples the next sample at `time` would be judged against.
    public func baselineCount(at time: Timestamp) -> Int { samples.filter { $0.time >= time - window }.count }

    /// Judges the sample at `time` (later than every earlier one) and adds it to the baseline.
    public mutating func observe(_ value: Double, at time: Timestamp) -> [AnomalyEvent] {
        trailing.trim(oldest: time - window, before: time)
        // A non-finite value is neither judged nor kept: it would poison every baseline after it.
        guard value.isFinite else {
            latest = nil
            return []
        }
        let likelihood = method == .likelihood
        if likelihood {
            history.trim(oldest: time - AnomalyLikelihood.historyFactor * window, before: time)
        }
        // The sample joins the windows after it is judged, written out at both exits rather
        // than as `defer`s: those were outlined into calls on every sample.
        guard trailing.count >= minSamples else {
            latest = nil
            trailing.append(value, at: time)
            if likelihood { history.append(value, at: time) }
            return []
        }
        let judgement: AnomalyJudgement
        if likelihood {
            // Each judged sample's raw score (its |z|) is kept over a longer history than the baseline.
            rawScores.trim(oldest: time - AnomalyLikelihood.historyFactor * window, before: time)
            let (mean, deviation) = trailing.takeMeanAndStandardDeviation()
            let raw = AnomalyLikelihood.raw(value, mean: mean, deviation: deviation)
            judgement = AnomalyLikelihood.judge(value, raw: raw, baseline: mean, history: rawScores.current,
                                                range: (history.minimum, history.maximum), threshold: threshold)
            rawScores.append(raw, at: time)
        } else {
            judgement = method.judge(value, against: &trailing, threshold: threshold)
        }
        trailing.append(value, at: time)
        if likelihood { history.append(value, at: time) }
        latest = judgement
        var events: [AnomalyEvent] = []
        let direction: AnomalyDirection = judgement.deviation >= 0 ? .spike : .drop
        // A likelihood anomaly is the recent run of unusual samples, on whichever side they fall.
        let turned = method != .likelihood && open?.direction != direction
        if var current = open, !judgement.isAnomalous || turned {
            current.end = time
            anomalies[anomalies.count - 1] = current
            open = nil
            events.append(.closed(current))
        }
        guard judgement.isAnomalous else { return events }
        if var current = open {
            if abs(judgement.score) > abs(current.judgement.score) {
                current.peak = time
                current.value = value
                current.judgement = judgement
                open = current
                anomalies[anomalies.count - 1] = current
            }
            return events
        }
        let started = Anomaly(method: method, direction: direction, onset: time, peak: time, end: nil, value: value,
                              judgement: judgement)
        open = started
        anomalies.append(started)
        events.append(.opened(started))
        return events
    }
}
