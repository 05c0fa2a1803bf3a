import Foundation
import XCTest

/// `vigil ingest` stores data files all or nothing; `--db` evaluates against what it stored.
final class IngestTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    let csv = """
        timestamp,metric,service,value
        1736950000,http_requests_total,api,0
        1736950060,http_requests_total,api,60
        1736950120,http_requests_total,api,120
        """
    let openMetrics = """
        # TYPE queue_depth gauge
        queue_depth{queue="jobs"} 7 1736950120
        # EOF
        """

    func testIngestStoresEveryFileAndCheckReadsTheDatabase() throws {
        let db = folder.appendingPathComponent("vigil.sqlite").path
        let files = [try write("requests.csv", csv), try write("queue.om", openMetrics)]
        let stored = try VigilBinary.run(["ingest", "--db", db] + files)
        XCTAssertEqual(stored.status, 0, stored.combined)
        XCTAssertEqual(stored.stdout, "stored 4 samples of 2 series (2 new) from 2 files into \(db)\n")
        let again = try VigilBinary.run(["ingest", "--db", db, files[0]])
        XCTAssertEqual(again.stdout, "stored 0 samples of 1 series (0 new) from 1 file into \(db) (3 were already there)\n")

        let gate = try write("gate.vigil", """
            policy "from the database" {
              require rate(series("http_requests_total", service: "api"), 5m) > 0 "traffic flowing"
              require last(series("queue_depth")) < 10 "queue drained"
            }
            """)
        let checked = try VigilBinary.run(["check", "--db", db, gate])
        XCTAssertEqual(checked.status, 0, checked.combined)
        XCTAssertTrue(checked.stdout.contains("pass  traffic flowing"), checked.combined)
        XCTAssertTrue(checked.stdout.contains("pass  queue drained: last(series(\"queue_depth\")) = {queue=\"jobs\"} 7 < 10"), checked.combined)
    }

    func testAMalformedFileIsLocatedAndNothingIsStored() throws {
        let db = folder.appendingPathComponent("vigil.sqlite").path
        let good = try write("good.csv", csv)
        let bad = try write("bad.csv", "timestamp,metric,value\n1736950000,up,1\n1736950060,up,high\n")
        let result = try VigilBinary.run(["ingest", "--db", db, good, bad])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("\(bad):3: column 3 (value):"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db), "nothing may be stored, not even an empty database")
    }

    func testChangeEventsAreStoredOnceAndABadLineStoresNothing() throws {
        let db = folder.appendingPathComponent("vigil.sqlite").path
        let good = try write("changes.jsonl", """
            {"time": "2025-01-16T08:09:00Z", "service": "checkout", "kind": "config", "description": "raise pool size"}
            {"time": "2025-01-16T08:02:00Z", "service": "payments", "kind": "feature-flag", "description": "new-router on", "author": "ana"}
            """)
        let stored = try VigilBinary.run(["ingest", "--changes", "--db", db, good])
        XCTAssertEqual(stored.status, 0, stored.combined)
        XCTAssertEqual(stored.stdout, "stored 2 change events from 1 file into \(db)\n")
        let again = try VigilBinary.run(["ingest", "--changes", "--db", db, good])
        XCTAssertEqual(again.stdout, "stored 0 change events from 1 file into \(db) (2 were already there)\n")
        let fresh = folder.appendingPathComponent("fresh.sqlite").path
        let bad = try write("bad.jsonl", #"{"time": "2025-01-16T08:10:00Z", "service": "checkout", "kind": "config", "description": ""}"#)
        let result = try VigilBinary.run(["ingest", "--changes", "--db", fresh, good, bad])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr, "vigil: error: \(bad):1:75: field \"description\": expected a non-empty string\n"
                           + "vigil: nothing was stored\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: fresh), "nothing may be stored, not even an empty database")
    }

    func testEvaluatingAMissingDatabaseIsAnError() throws {
        let gate = try write("gate.vigil", "policy \"p\" {\n  require 1 < 2\n}\n")
        let result = try VigilBinary.run(["check", "--db", folder.appendingPathComponent("none.sqlite").path, gate])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("no database at"), result.stderr)
    }

    func testAFocusExportIsStoredAndPricedByTenantAndAMissingColumnStoresNothing() throws {
        let db = folder.appendingPathComponent("vigil.sqlite").path
        let focus = VigilBinary.repoRoot.appendingPathComponent("examples/data/cost-spike-focus.csv").path
        let stored = try VigilBinary.run(["ingest", "--db", db, focus])
        XCTAssertEqual(stored.status, 0, stored.combined)
        XCTAssertEqual(stored.stdout, "stored 57 samples of 3 series (3 new) from 1 file into \(db)\n")
        // 19 days at $1.50 billed to the search tenant's search.storage.
        let gate = try write("cost.vigil", """
            policy "storage" {
              require cost(tenant: "search", operation: "search.storage", over: 30d) == $28.5
            }
            """)
        let checked = try VigilBinary.run(["check", "--db", db, "--at", "2025-01-25T00:00:00Z", gate])
        XCTAssertEqual(checked.status, 0, checked.combined)
        let bad = try write("bad.csv", "ChargePeriodStart,ChargePeriodEnd,BilledCost,ListCost,ServiceName\n")
        let refused = try VigilBinary.run(["ingest", "--db", db, bad])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("bad.csv:1: column 6: missing FOCUS column EffectiveCost"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("nothing was stored"), refused.stderr)
    }
}
