import GRDB
import VigilSeries

/// What one bulk insert did.
public struct SampleInsertSummary: Equatable, Sendable {
    /// Series that did not exist before this insert.
    public var seriesCreated = 0
    /// Samples written.
    public var samplesInserted = 0
    /// Samples skipped because the same series already held the same value at the same time.
    public var duplicatesSkipped = 0

    /// Creates a summary.
    public init(seriesCreated: Int = 0, samplesInserted: Int = 0, duplicatesSkipped: Int = 0) {
        self.seriesCreated = seriesCreated
        self.samplesInserted = samplesInserted
        self.duplicatesSkipped = duplicatesSkipped
    }
}

/// Series and samples in SQLite.
///
/// Every insert runs in one transaction: either the whole batch is stored or, when any
/// step fails, nothing of it is and the rows stored before stay as they were.
public struct SampleRepository: Sendable {
    let database: VigilDatabase

    /// Stores every series of an in-memory store.
    @discardableResult
    public func insert(_ store: SeriesStore) throws -> SampleInsertSummary {
        try insert(store.series)
    }

    /// Stores a batch of series; series are matched to stored ones by label fingerprint.
    ///
    /// A sample equal (bit for bit) to the stored one at the same time is skipped; a
    /// different value at a stored time throws `StoreError.conflictingSample` and stores nothing.
    @discardableResult
    public func insert(_ batch: [Series]) throws -> SampleInsertSummary {
        try database.writer.write { db in
            var writer = try SampleBatchWriter(db)
            for series in batch {
                try writer.write(series)
            }
            return writer.summary
        }
    }

    /// Loads series back into a store, keeping those whose labels satisfy every matcher and
    /// samples with `start <= time <= end` (each bound optional). Series left without
    /// samples by the time range are omitted.
    public func load(
        matching matchers: [LabelMatcher] = [],
        from start: Timestamp? = nil,
        through end: Timestamp? = nil
    ) throws -> SeriesStore {
        try database.writer.read { db in
            var store = SeriesStore()
            let range = SampleTimeRange(start: start, end: end)
            let query = try SampleRangeQuery(db)
            for stored in try StoredSeries.matching(matchers, in: db) {
                let (timestamps, values) = try query.samples(of: stored, from: range.lower, through: range.upper)
                guard !timestamps.isEmpty else { continue }
                try store.add(Series(labels: stored.labels, timestamps: timestamps, values: values))
            }
            return store
        }
    }

    /// Number of stored samples in series matching every matcher, within an optional time range.
    public func sampleCount(
        matching matchers: [LabelMatcher] = [],
        from start: Timestamp? = nil,
        through end: Timestamp? = nil
    ) throws -> Int {
        try database.writer.read { db in
            let range = SampleTimeRange(start: start, end: end)
            if matchers.isEmpty {
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM samples WHERE ts >= ? AND ts <= ?",
                                        arguments: [range.lower, range.upper]) ?? 0
            }
            let statement = try db.makeStatement(sql: """
                SELECT COUNT(*) FROM samples WHERE series_id = ? AND ts >= ? AND ts <= ?
                """)
            var total = 0
            for stored in try StoredSeries.matching(matchers, in: db) {
                total += try Int.fetchOne(statement, arguments: [stored.id, range.lower, range.upper]) ?? 0
            }
            return total
        }
    }

    /// How many series are stored and the first and last sample time among them; nil times
    /// when no series holds a sample. Two index lookups a series, never a scan of the samples,
    /// so a command can name what a large store holds without reading it.
    public func span() throws -> SampleSpan {
        try database.writer.read { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM series")
            let first = try db.makeStatement(sql: "SELECT MIN(ts) FROM samples WHERE series_id = ?")
            let last = try db.makeStatement(sql: "SELECT MAX(ts) FROM samples WHERE series_id = ?")
            var span = SampleSpan(seriesCount: ids.count)
            for id in ids {
                if let t = try Int64.fetchOne(first, arguments: [id]) { span.first = min(span.first ?? t, t) }
                if let t = try Int64.fetchOne(last, arguments: [id]) { span.last = max(span.last ?? t, t) }
            }
            return span
        }
    }

    /// Every stored series' labels, in label order, without reading a sample.
    public func labelSets() throws -> [Labels] {
        try database.writer.read { db in try StoredSeries.matching([], in: db).map(\.labels) }
    }

    /// Number of stored series.
    public func seriesCount() throws -> Int {
        try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM series") ?? 0 }
    }
}

/// What a store holds, in brief (see `SampleRepository.span`).
public struct SampleSpan: Equatable, Sendable {
    public var seriesCount: Int
    /// The first and last sample time, in milliseconds; nil when no series holds a sample.
    public var first: Timestamp?
    public var last: Timestamp?

    public init(seriesCount: Int, first: Timestamp? = nil, last: Timestamp? = nil) {
        self.seriesCount = seriesCount
        self.first = first
        self.last = last
    }
}

/// Optional time bounds turned into the inclusive SQL range they mean.
private struct SampleTimeRange {
    let lower: Int64
    let upper: Int64

    init(start: Timestamp?, end: Timestamp?) {
        lower = start ?? Int64.min
        upper = end ?? Int64.max
    }
}

/// A stored series row with its labels decoded.
struct StoredSeries {
    let id: Int64
    let labels: Labels

    /// Series whose labels satisfy every matcher, in label order. An equality matcher on the
    /// metric name narrows the scan in SQL; the matchers themselves decide in Swift, so the
    /// semantics (anchored regexes, absent label as empty) are exactly `LabelMatcher`'s.
    static func matching(_ matchers: [LabelMatcher], in db: Database) throws -> [StoredSeries] {
        let rows: RowCursor
        if let name = matchers.first(where: { $0.name == Labels.metricNameLabel && $0.kind == .equal }) {
            rows = try Row.fetchCursor(db, sql: "SELECT id, labels FROM series WHERE metric_name = ?",
                                       arguments: [name.value])
        } else {
            rows = try Row.fetchCursor(db, sql: "SELECT id, labels FROM series")
        }
        var found: [StoredSeries] = []
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let labels = try LabelsCoding.labels(fromJSON: row[1], seriesID: id)
            if matchers.allSatisfy({ $0.matches(labels) }) {
                found.append(StoredSeries(id: id, labels: labels))
            }
        }
        return found.sorted { $0.labels < $1.labels }
    }
}
