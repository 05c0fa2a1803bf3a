import GRDB
import GRDBSQLite
import VigilSeries

/// The prepared query that reads one series' samples in a time range, stepped through the
/// SQLite C API so that loading millions of samples builds no `Row` per sample.
struct SampleRangeQuery {
    private let db: Database
    private let statement: Statement

    init(_ db: Database) throws {
        self.db = db
        statement = try db.makeStatement(sql: """
            SELECT ts, value, exact_bits FROM samples
            WHERE series_id = ? AND ts >= ? AND ts <= ? ORDER BY ts
            """)
    }

    /// The samples of a series with `lower <= time <= upper`, in time order.
    func samples(of stored: StoredSeries, from lower: Int64, through upper: Int64) throws -> (timestamps: [Timestamp], values: [Double]) {
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
        }
        sqlite3_bind_int64(handle, 1, stored.id)
        sqlite3_bind_int64(handle, 2, lower)
        sqlite3_bind_int64(handle, 3, upper)
        var timestamps: [Timestamp] = []
        var values: [Double] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
            }
            let timestamp = sqlite3_column_int64(handle, 0)
            let value = StoredSampleValue(
                value: sqlite3_column_type(handle, 1) == SQLITE_NULL ? nil : sqlite3_column_double(handle, 1),
                exactBits: sqlite3_column_type(handle, 2) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, 2))
            guard let double = value.double else {
                throw StoreError(.invalidData, "series \(stored.labels) has a sample at \(timestamp) ms with no value")
            }
            timestamps.append(timestamp)
            values.append(double)
        }
        return (timestamps, values)
    }
}
