import Foundation
import GRDB
import VigilSeries
import XCTest
@testable import VigilStore
import VigilActions

final class VigilDatabaseTests: XCTestCase {
    func testMigrationsFromEmptyCreateEveryTable() throws {
        let database = try VigilDatabase.inMemory()
        XCTAssertEqual(try database.appliedMigrations(),
                       ["1-series-and-samples", "2-deployments", "3-incidents", "4-action-journal-and-audit",
                        "5-incident-timeline", "6-actions-layer", "7-exec-outcome", "8-journal-by-kind",
                        "9-journal-withdrawn", "10-anomaly-events", "11-change-events", "12-change-versions"])
        let tables = try database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb_%' ORDER BY name")
        }
        XCTAssertEqual(tables, ["action_journal", "active_alerts", "anomaly_events", "audit_log", "change_events", "deployment_stages",
                                "deployments", "incident_events", "incidents", "rollback_events", "rule_states", "runs", "samples",
                                "series", "traffic_changes"])
    }

    func testSamplesTableHasNoRowID() throws {
        let database = try VigilDatabase.inMemory()
        let sql = try database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'samples'")
        }
        XCTAssertTrue(sql?.contains("WITHOUT ROWID") == true)
        XCTAssertTrue(sql?.contains("PRIMARY KEY (series_id, ts)") == true)
    }

    func testFileDatabaseCreatesParentFoldersAndUsesWAL() throws {
        let folder = try temporaryFolder(self)
        let path = folder.appendingPathComponent("deep/er/vigil.sqlite").path
        let database = try VigilDatabase(path: path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        XCTAssertEqual(try database.journalMode(), "wal")
    }

    func testReopeningAFileKeepsDataAndDoesNotRerunMigrations() throws {
        let path = try temporaryFolder(self).appendingPathComponent("vigil.sqlite").path
        do {
            let database = try VigilDatabase(path: path)
            try database.samples.insert([makeSeries("up", ["job": "api"], [(1_000, 1), (2_000, 0)])])
            try database.incidents.open(title: "api down", severity: .p1, service: "api", at: 2_000)
            _ = try database.journal.commit(batch([pagingRecord("page:api", at: 2_000)]))
        }
        let reopened = try VigilDatabase(path: path)
        XCTAssertEqual(try reopened.appliedMigrations().count, 12)
        XCTAssertEqual(try reopened.samples.sampleCount(), 2)
        XCTAssertEqual(try reopened.incidents.openIncidents().map(\.title), ["api down"])
        let entry = try XCTUnwrap(reopened.journal.record(IdempotencyKey(text: "page:api")))
        XCTAssertEqual(entry.state, .pending)
        XCTAssertEqual(entry.action.target, "oncall")
    }

    /// A journal written before `withdrawn` existed keeps its entries, ids and indexes, and
    /// takes the new state.
    func testTheWithdrawnMigrationKeepsTheJournal() throws {
        let queue = try DatabaseQueue()
        try StoreSchema.migrator.migrate(queue, upTo: "8-journal-by-kind")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO action_journal (id, idempotency_key, run, kind, target, destination, origin, action, state,
                    attempts, next_attempt_at, created_at, updated_at, error, outcome)
                VALUES (7, 'k', 'run-1', 'exec', 'fix.sh', 'program fix.sh', 'step fix', '{}', 'dead-letter', 1, 5, 5, 6, 'exit 1', 'took 1s')
                """)
            XCTAssertThrowsError(try db.execute(sql: "UPDATE action_journal SET state = 'withdrawn'"))
        }
        try StoreSchema.migrator.migrate(queue)
        try queue.write { db in
            let row = try XCTUnwrap(Row.fetchOne(db, sql: "SELECT id, state, error, outcome FROM action_journal WHERE idempotency_key = 'k'"))
            XCTAssertEqual(row["id"] as Int64, 7)
            XCTAssertEqual(row["state"] as String, "dead-letter")
            XCTAssertEqual(row["error"] as String, "exit 1")
            XCTAssertEqual(row["outcome"] as String, "took 1s")
            try db.execute(sql: "UPDATE action_journal SET state = 'withdrawn'")
            XCTAssertThrowsError(try db.execute(sql: "UPDATE action_journal SET state = 'gone'"))
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'action_journal' AND sql IS NOT NULL ORDER BY name")
            XCTAssertEqual(indexes, ["action_journal_by_kind", "action_journal_by_run", "action_journal_pending"])
        }
    }

    func testOpeningAPathThatCannotBeAFolderFailsClearly() throws {
        let folder = try temporaryFolder(self)
        let blocker = folder.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        assertStoreError(.cannotOpen) { try VigilDatabase(path: blocker.appendingPathComponent("vigil.sqlite").path) }
    }

    func testDefaultLocationPrefersVIGIL_DB() {
        XCTAssertEqual(DatabaseLocation.resolve(environment: ["VIGIL_DB": "/tmp/x.sqlite", "HOME": "/home/a"]),
                       .file("/tmp/x.sqlite"))
        XCTAssertEqual(DatabaseLocation.resolve(environment: ["VIGIL_DB": "~/db/v.sqlite", "HOME": "/home/a"]),
                       .file("/home/a/db/v.sqlite"))
        XCTAssertEqual(DatabaseLocation.resolve(environment: ["VIGIL_DB": ":memory:"]), .inMemory)
    }

    func testDefaultLocationFallsBackToHomeFolder() {
        XCTAssertEqual(DatabaseLocation.resolve(environment: ["HOME": "/home/a"]), .file("/home/a/.vigil/vigil.sqlite"))
        XCTAssertEqual(DatabaseLocation.resolve(environment: ["VIGIL_DB": "", "HOME": "/home/b"]),
                       .file("/home/b/.vigil/vigil.sqlite"))
    }

    func testOpenDefaultHonoursTheEnvironment() throws {
        let path = try temporaryFolder(self).appendingPathComponent("env/vigil.sqlite").path
        let database = try VigilDatabase.openDefault(environment: ["VIGIL_DB": path])
        XCTAssertEqual(database.location, .file(path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
    }
}
