import GRDB
import VigilSeries
import XCTest
@testable import VigilStore

/// Checks the premise behind `exact_bits`: a bare REAL column alters NaN and -0.0.
final class StoredSampleValueTests: XCTestCase {
    func testSQLiteAloneLosesNaNAndTheSignOfZero() throws {
        let path = try temporaryFolder(self).appendingPathComponent("premise.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (k INTEGER PRIMARY KEY, v REAL)")
            try db.execute(sql: "INSERT INTO t VALUES (1, ?), (2, ?)", arguments: [-0.0, StaleMarker.value])
        }
        let reopened = try DatabaseQueue(path: path)
        let negativeZero = try reopened.read { db in try Double.fetchOne(db, sql: "SELECT v FROM t WHERE k = 1") }
        let stale = try reopened.read { db in try Double?.fetchOne(db, sql: "SELECT v FROM t WHERE k = 2") }
        XCTAssertNotEqual(negativeZero?.bitPattern, (-0.0).bitPattern, "SQLite now keeps -0.0; exact_bits could be narrowed")
        XCTAssertNil(stale ?? nil, "SQLite now keeps NaN; exact_bits could be narrowed")
    }

    func testOnlyValuesARealWouldAlterCarryExactBits() {
        XCTAssertNil(StoredSampleValue(1.5).exactBits)
        XCTAssertNil(StoredSampleValue(.infinity).exactBits)
        XCTAssertNil(StoredSampleValue(0.0).exactBits)
        XCTAssertEqual(StoredSampleValue(-0.0).exactBits, Int64(bitPattern: (-0.0).bitPattern))
        XCTAssertNil(StoredSampleValue(StaleMarker.value).value)
        XCTAssertEqual(StoredSampleValue(StaleMarker.value).double?.bitPattern, StaleMarker.bitPattern)
        XCTAssertNil(StoredSampleValue(value: nil, exactBits: nil).double)
    }
}
