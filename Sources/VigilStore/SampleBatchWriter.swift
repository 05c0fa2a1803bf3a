import GRDB
import VigilSeries

/// Writes series and samples inside a transaction the caller opened, with statements
/// prepared once and reused for every row, which is what makes bulk loads fast.
struct SampleBatchWriter {
    private let db: Database
    private let findSeries: Statement
    private let createSeries: Statement
    private let insertSample: SampleInsertStatement
    private let findSample: Statement
    private(set) var summary = SampleInsertSummary()

    init(_ db: Database) throws {
        self.db = db
        findSeries = try db.makeStatement(sql: "SELECT id FROM series WHERE fingerprint = ?")
        createSeries = try db.makeStatement(sql: "INSERT INTO series (fingerprint, metric_name, labels) VALUES (?, ?, ?)")
        insertSample = try SampleInsertStatement(db)
        findSample = try db.makeStatement(sql: "SELECT value, exact_bits FROM samples WHERE series_id = ? AND ts = ?")
    }

    /// Upserts the series by fingerprint, then writes its samples.
    mutating func write(_ series: Series) throws {
        let seriesID = try upsertSeries(series.labels)
        let timestamps = series.timestamps
        let values = series.values
        for index in timestamps.indices {
            let stored = StoredSampleValue(values[index])
            if try insertSample.insert(seriesID: seriesID, timestamp: timestamps[index], value: stored) {
                summary.samplesInserted += 1
            } else {
                try checkDuplicate(series.labels, seriesID: seriesID, timestamp: timestamps[index], value: values[index])
                summary.duplicatesSkipped += 1
            }
        }
    }

    private mutating func upsertSeries(_ labels: Labels) throws -> Int64 {
        let fingerprint = labels.fingerprint
        if let existing = try Int64.fetchOne(findSeries, arguments: [fingerprint]) {
            return existing
        }
        try createSeries.execute(arguments: [fingerprint, labels.metricName ?? "", LabelsCoding.json(labels)])
        summary.seriesCreated += 1
        return db.lastInsertedRowID
    }

    /// The insert found a sample at this time already: fine when identical, an error otherwise.
    private func checkDuplicate(_ labels: Labels, seriesID: Int64, timestamp: Timestamp, value: Double) throws {
        guard let row = try Row.fetchOne(findSample, arguments: [seriesID, timestamp]) else {
            throw StoreError(.invalidData, "series \(labels): the sample at \(timestamp) ms was neither written nor found")
        }
        let stored = StoredSampleValue(value: row[0], exactBits: row[1]).double
        guard stored?.bitPattern != value.bitPattern else { return }
        throw StoreError(.conflictingSample, """
            series \(labels): a sample at \(timestamp) ms is already stored with value \
            \(stored.map { "\($0)" } ?? "none"), which differs from \(value); nothing from this batch was stored
            """)
    }
}
