import GRDB
import GRDBSQLite
import VigilSeries

/// The prepared `INSERT` for one sample, bound and stepped through the SQLite C API.
///
/// Going through GRDB's `StatementArguments` costs an array of existentials per row; binding
/// the four columns directly keeps a bulk load at the speed of SQLite itself. The statement
/// belongs to the transaction's connection and must not outlive it.
struct SampleInsertStatement {
    private let db: Database
    private let statement: Statement

    init(_ db: Database) throws {
        self.db = db
        statement = try db.makeStatement(sql: """
            INSERT INTO samples (series_id, ts, value, exact_bits) VALUES (?, ?, ?, ?)
            ON CONFLICT (series_id, ts) DO NOTHING
            """)
    }

    /// Inserts one sample; returns false when a sample at that time was already stored.
    func insert(seriesID: Int64, timestamp: Timestamp, value: StoredSampleValue) throws -> Bool {
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
        }
        sqlite3_bind_int64(handle, 1, seriesID)
        sqlite3_bind_int64(handle, 2, timestamp)
        if let double = value.value {
            sqlite3_bind_double(handle, 3, double)
        } else {
            sqlite3_bind_null(handle, 3)
        }
        if let bits = value.exactBits {
            sqlite3_bind_int64(handle, 4, bits)
        } else {
            sqlite3_bind_null(handle, 4)
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        return sqlite3_changes(db.sqliteConnection) == 1
    }
}
