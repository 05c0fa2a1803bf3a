import Foundation
import XCTest

/// Two real processes creating and migrating the same new `--db` file at once: each one
/// either migrates or finds the other's migrations done; none fails with "table … already
/// exists" or "database is locked", and the schema ends complete.
final class ConcurrentDatabaseTests: XCTestCase {
    func testProcessesCreatingOneNewDatabaseTogetherAllSucceed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-concurrent-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = VigilBinary.repoRoot.appendingPathComponent("examples/data/checkout.csv").path
        let rules = VigilBinary.repoRoot.appendingPathComponent("examples/replay-checkout.vigil").path
        // Races are probabilistic: before the fix about half of these rounds failed.
        for round in 1...12 {
            let db = folder.appendingPathComponent("round-\(round)/vigil.sqlite").path
            let commands: [[String]] = [["ingest", "--db", db, data], ["ingest", "--db", db, data],
                                        ["watch", "--db", db, "--once", rules]]
            let results = LockedResults(count: commands.count)
            DispatchQueue.concurrentPerform(iterations: commands.count) { index in
                results.set(index, Result { try VigilBinary.run(commands[index], environment: ["VIGIL_DB": ""], directory: folder) })
            }
            for (index, result) in results.all.enumerated() {
                let r = try result.get()
                XCTAssertFalse(r.stderr.contains("already exists"), "round \(round) \(commands[index]): \(r.stderr)")
                XCTAssertFalse(r.stderr.contains("locked"), "round \(round) \(commands[index]): \(r.stderr)")
                XCTAssertEqual(r.status, 0, "round \(round) \(commands[index]): \(r.combined)")
                XCTAssertFalse(r.stderr.contains("Fatal error"), r.stderr)
            }
        }
    }
}

/// Results written from `concurrentPerform`'s threads.
private final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<VigilBinary.Result, any Error>]

    init(count: Int) { results = Array(repeating: .failure(CancellationError()), count: count) }

    func set(_ index: Int, _ result: Result<VigilBinary.Result, any Error>) {
        lock.lock(); defer { lock.unlock() }
        results[index] = result
    }

    var all: [Result<VigilBinary.Result, any Error>] {
        lock.lock(); defer { lock.unlock() }
        return results
    }
}
