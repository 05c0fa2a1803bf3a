import Foundation
import GRDB
import VigilSeries
import XCTest
@testable import VigilStore

final class VigilDatabaseTests: XCTestCase {
    func testMigrationsFromEmptyCreateEveryTable() throws {
        let database = try VigilDatabase.inMemory()
        XCTAssertEqual(try database.appliedMigrations(),
                       ["1-series-and-samples", "2-deployments", "3-incidents", "4-action-journal-and-audit",
                        "5-incident-timeline"])
        let tables = try database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb_%' ORDER BY name")
        }
        XCTAssertEqual(tables, ["action_journal", "audit_log", "deployment_stages", "deployments", "incident_events", "incidents",
                                "rollback_events", "samples", "series", "traffic_changes"])
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
            _ = try database.journal.begin(key: "page:api", action: "page", target: "oncall", payload: ["why": "down"], at: 2_000)
        }
        let reopened = try VigilDatabase(path: path)
        XCTAssertEqual(try reopened.appliedMigrations().count, 5)
        XCTAssertEqual(try reopened.samples.sampleCount(), 2)
        XCTAssertEqual(try reopened.incidents.openIncidents().map(\.title), ["api down"])
        let entry = try XCTUnwrap(reopened.journal.entry(key: "page:api"))
        XCTAssertEqual(entry.status, .planned)
        XCTAssertFalse(entry.isNew)
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
