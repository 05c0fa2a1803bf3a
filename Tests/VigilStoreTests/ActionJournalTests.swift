import Foundation
import VigilSeries
import XCTest
@testable import VigilStore

private struct PagePayload: Codable, Equatable {
    let summary: String
    let severity: String
}

final class ActionJournalTests: XCTestCase {
    func testTheSameKeyIsJournaledOnceAndDeliveredOnce() throws {
        let journal = try VigilDatabase.inMemory().journal
        let payload = PagePayload(summary: "checkout down", severity: "P1")
        let first = try journal.begin(key: "page:checkout:1000", action: "page", target: "checkout-oncall", payload: payload, at: 1_000)
        XCTAssertTrue(first.isNew)
        XCTAssertEqual(first.status, .planned)
        XCTAssertEqual(try first.decodePayload(PagePayload.self), payload)
        try journal.markDelivered(key: first.key, at: 1_100)

        let again = try journal.begin(key: "page:checkout:1000", action: "page", target: "checkout-oncall", payload: payload, at: 2_000)
        XCTAssertFalse(again.isNew, "a replayed tick must find the action already journaled")
        XCTAssertEqual(again.status, .delivered)
        XCTAssertEqual(again.attempts, 1)
        XCTAssertEqual(again.createdAt, 1_000)
        assertStoreError(.invalidTransition) { try journal.markDelivered(key: first.key, at: 2_100) }
        XCTAssertEqual(try journal.entries().count, 1)
    }

    func testTwoEvaluatorsSharingAFileCreateEachKeyOnce() throws {
        let path = try temporaryFolder(self).appendingPathComponent("shared.sqlite").path
        let evaluators = [try VigilDatabase(path: path), try VigilDatabase(path: path)]
        let keys = (0..<20).map { "rollback:checkout:\($0)" }
        let created = LockedCounter()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for key in keys {
                do {
                    let entry = try evaluators[worker % 2].journal.begin(
                        key: key, action: "rollback", target: "checkout", payload: ["worker": worker], at: 0)
                    if entry.isNew { created.increment() }
                } catch {
                    XCTFail("worker \(worker) failed on \(key): \(error)")
                }
            }
        }
        XCTAssertEqual(created.value, keys.count, "each key must be new for exactly one evaluator")
        XCTAssertEqual(try evaluators[0].journal.entries().count, keys.count)
    }

    func testFailedDeliveriesCanBeRetriedAndCountAttempts() throws {
        let journal = try VigilDatabase.inMemory().journal
        let entry = try journal.begin(key: "hook:1", action: "webhook", target: "http://127.0.0.1:9/x", payload: ["a": 1], at: 0)
        let failed = try journal.markFailed(key: entry.key, error: "connection refused", at: 10)
        XCTAssertEqual(failed.status, .failed)
        XCTAssertEqual(failed.error, "connection refused")
        XCTAssertEqual(failed.attempts, 1)
        let delivered = try journal.markDelivered(key: entry.key, at: 20)
        XCTAssertEqual(delivered.attempts, 2)
        XCTAssertNil(delivered.error)
        XCTAssertEqual(delivered.updatedAt, 20)
    }

    func testRecordedEntriesAreFinalAndNeverDelivered() throws {
        let journal = try VigilDatabase.inMemory().journal
        let entry = try journal.begin(key: "dry:rollback", action: "rollback", target: "checkout", payload: [String: String](), at: 0)
        let recorded = try journal.markRecorded(key: entry.key, at: 1)
        XCTAssertEqual(recorded.status, .recorded)
        XCTAssertEqual(recorded.attempts, 0)
        assertStoreError(.invalidTransition) { try journal.markDelivered(key: entry.key, at: 2) }
        assertStoreError(.invalidTransition) { try journal.markFailed(key: entry.key, error: "x", at: 2) }
    }

    func testReusingAKeyForAnotherActionIsRefused() throws {
        let journal = try VigilDatabase.inMemory().journal
        _ = try journal.begin(key: "k", action: "page", target: "oncall", payload: ["x": 1], at: 0)
        assertStoreError(.idempotencyKeyReused) {
            try journal.begin(key: "k", action: "rollback", target: "oncall", payload: ["x": 1], at: 1)
        }
        assertStoreError(.notFound) { try journal.markDelivered(key: "unknown", at: 1) }
        assertStoreError(.invalidData) { try journal.begin(key: "", action: "page", target: "t", payload: ["x": 1], at: 1) }
    }

    func testEntriesSinceATimeAreOldestFirst() throws {
        let journal = try VigilDatabase.inMemory().journal
        for (index, at) in [30, 10, 20].enumerated() {
            _ = try journal.begin(key: "k\(index)", action: "notify", target: "#deploys", payload: ["n": index], at: Int64(at))
        }
        XCTAssertEqual(try journal.entries(since: 15).map(\.createdAt), [20, 30])
        XCTAssertEqual(try journal.entries().map(\.key), ["k1", "k2", "k0"])
        XCTAssertEqual(try journal.entry(key: "k2")?.payload, #"{"n":2}"#)
    }

    func testAuditLogAppendsInOrder() throws {
        let audit = try VigilDatabase.inMemory().audit
        let first = try audit.append(actor: "vigil run", event: "deployment.rolled_back", detail: "checkout v1.5.0", at: 100)
        let second = try audit.append(actor: "alice", event: "incident.acknowledged", at: 50)
        XCTAssertLessThan(first.id, second.id)
        XCTAssertEqual(try audit.entries().map(\.event), ["deployment.rolled_back", "incident.acknowledged"])
        XCTAssertEqual(try audit.entries(since: 60), [first])
        assertStoreError(.invalidData) { try audit.append(actor: "", event: "x", at: 0) }
    }
}

/// A counter that concurrent workers can bump.
private final class LockedCounter: @unchecked Sendable {
    // @unchecked: every access to `count` holds `lock`.
    private let lock = NSLock()
    private var count = 0

    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
