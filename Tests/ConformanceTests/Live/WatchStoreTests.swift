import Foundation
import XCTest

/// `vigil watch` on a store reads what `vigil ingest` stores while it runs: before every
/// evaluation it reads the samples stored since the last one (`StoreFeed.refresh`).
final class WatchStoreTests: XCTestCase {
    func testAWatchOnAStoreSeesSamplesIngestedWhileItRuns() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-watch-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("store.sqlite").path
        let rules = folder.appendingPathComponent("queue.vigil").path
        try """
            rule "orders backlog" {
              every 1s
              when last(series("queue_depth", queue: "orders")) > 100
              then page("orders-oncall", "backlog")
            }

            """.write(toFile: rules, atomically: true, encoding: .utf8)
        let backlog = folder.appendingPathComponent("backlog.prom").path
        let thirtySecondsAgo = Int(Date().timeIntervalSince1970 * 1000) - 30_000
        try "queue_depth{queue=\"orders\"} 500 \(thirtySecondsAgo)\n".write(toFile: backlog, atomically: true, encoding: .utf8)
        XCTAssertEqual(try VigilBinary.run(["ingest", "--db", db, backlog]).status, 0)
        let drained = folder.appendingPathComponent("drained.prom").path
        try "queue_depth{queue=\"orders\"} 1\n".write(toFile: drained, atomically: true, encoding: .utf8)

        var ingested: VigilBinary.Result?
        let r = try VigilBinary.runUntil(["watch", "--db", db, "--dry-run", "--for", "8s", rules], printed: "→ firing") { _ in
            // The backlog fired; the queue drains now, while the watch runs (stored at the wall clock).
            ingested = try? VigilBinary.run(["ingest", "--db", db, drained])
        }
        XCTAssertEqual(ingested?.status, 0, ingested?.combined ?? "the ingest did not run")
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("on the store \(db);"), r.stdout)
        XCTAssertTrue(r.stdout.contains("inactive → firing  last(series(\"queue_depth\", queue: \"orders\")) = 500 > 100"), r.combined)
        XCTAssertTrue(r.stdout.contains("firing → inactive  last(series(\"queue_depth\", queue: \"orders\")) = 1 <= 100"), r.combined)
    }
}
