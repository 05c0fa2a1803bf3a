import GRDB
import VigilSeries

/// An anomaly as stored: the signal and label set it belongs to, when it began, peaked and
/// ended (nil while open), and the detector's numbers at its peak. The engine's own types
/// live above the store; the anomaly binding converts.
public struct StoredAnomaly: Equatable, Sendable {
    /// The signal as written at the call (`series("latency_seconds", service: "checkout")`).
    public var subject: String
    public var labels: Labels
    /// The labels the subject does not fix, shown after it.
    public var shownLabels: Labels
    public var service: String?
    /// `relative`, `zscore`, `mad`, `ewma` or `likelihood`.
    public var method: String
    /// `spike` or `drop`.
    public var direction: String
    public var onset: Timestamp
    public var peak: Timestamp
    public var end: Timestamp?
    /// The value at the peak, the baseline it was judged against, their difference and the score.
    public var value: Double
    public var baseline: Double
    public var deviation: Double
    public var score: Double
    public var threshold: Double
    /// The unit of value, baseline and deviation, as the language names it (`duration`, `number percent`).
    public var unit: String

    public init(subject: String, labels: Labels, shownLabels: Labels, service: String?, method: String, direction: String,
                onset: Timestamp, peak: Timestamp, end: Timestamp?, value: Double, baseline: Double, deviation: Double,
                score: Double, threshold: Double, unit: String) {
        self.subject = subject
        self.labels = labels
        self.shownLabels = shownLabels
        self.service = service
        self.method = method
        self.direction = direction
        self.onset = onset
        self.peak = peak
        self.end = end
        self.value = value
        self.baseline = baseline
        self.deviation = deviation
        self.score = score
        self.threshold = threshold
        self.unit = unit
    }

    /// (value − baseline) / |baseline| at the peak; nil when the baseline is 0.
    public var magnitude: Double? { baseline == 0 ? nil : deviation / abs(baseline) }
}

/// What `record` did with an anomaly.
public enum AnomalyRecordOutcome: Equatable, Sendable {
    case inserted, updated, unchanged
}

/// The anomalies found, one row per signal, label set, method and onset.
public struct AnomalyEventRepository: Sendable {
    let database: VigilDatabase

    /// Stores an anomaly that opened, or brings the stored one with the same subject, labels,
    /// method and onset up to date. What is known is kept: an end once seen stays (a second
    /// evaluation at an earlier time sees it still open), and the peak is the sample with the
    /// larger |score| of the two.
    @discardableResult
    public func record(_ anomaly: StoredAnomaly) throws -> AnomalyRecordOutcome {
        let labels = try LabelsCoding.json(anomaly.labels), shown = try LabelsCoding.json(anomaly.shownLabels)
        return try database.writer.write { db in
            let existing = try Row.fetchOne(db, sql: """
                SELECT * FROM anomaly_events WHERE subject = ? AND labels = ? AND method = ? AND onset = ?
                """, arguments: [anomaly.subject, labels, anomaly.method, anomaly.onset])
            guard let existing else {
                try db.execute(sql: """
                    INSERT INTO anomaly_events (subject, labels, shown_labels, service, method, direction, onset, peak, end_at,
                                                value, baseline, deviation, score, threshold, unit)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [anomaly.subject, labels, shown, anomaly.service, anomaly.method, anomaly.direction,
                                     anomaly.onset, anomaly.peak, anomaly.end, anomaly.value, anomaly.baseline,
                                     anomaly.deviation, anomaly.score, anomaly.threshold, anomaly.unit])
                return .inserted
            }
            let stored = try Self.anomaly(existing)
            var merged = abs(stored.score) > abs(anomaly.score) ? stored : anomaly
            merged.end = anomaly.end ?? stored.end
            guard merged != stored else { return .unchanged }
            try db.execute(sql: """
                UPDATE anomaly_events SET peak = ?, end_at = ?, value = ?, baseline = ?, deviation = ?, score = ? WHERE id = ?
                """, arguments: [merged.peak, merged.end, merged.value, merged.baseline, merged.deviation, merged.score,
                                 existing["id"] as Int64])
            return .updated
        }
    }

    /// The anomalies open at some time in `[from, through]` (begun by `through`, not ended
    /// before `from`), of one service or all, by onset.
    public func anomalies(service: String? = nil, openFrom from: Timestamp, through: Timestamp) throws -> [StoredAnomaly] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM anomaly_events
                WHERE onset <= ?2 AND (end_at IS NULL OR end_at >= ?1) AND (?3 IS NULL OR service = ?3)
                ORDER BY onset, labels, subject, method
                """, arguments: [from, through, service]).map(Self.anomaly)
        }
    }

    private static func anomaly(_ row: Row) throws -> StoredAnomaly {
        let owner = "anomaly_events row \(row["id"] as Int64)"
        return StoredAnomaly(
            subject: row["subject"], labels: try LabelsCoding.labels(fromJSON: row["labels"], of: owner),
            shownLabels: try LabelsCoding.labels(fromJSON: row["shown_labels"], of: owner), service: row["service"],
            method: row["method"], direction: row["direction"], onset: row["onset"], peak: row["peak"], end: row["end_at"],
            value: row["value"], baseline: row["baseline"], deviation: row["deviation"], score: row["score"],
            threshold: row["threshold"], unit: row["unit"])
    }
}
