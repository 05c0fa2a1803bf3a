import Foundation
import VigilActions
import VigilSeries
import XCTest
@testable import VigilStore

/// A pending page to `oncall` under `key`, as the actions layer journals it.
/// A batch of records only.
func batch(_ records: [JournalRecord], alerts: [ActiveAlert] = [], ended: [String] = []) -> JournalBatch {
    var batch = JournalBatch()
    batch.records = records
    batch.activeAlerts = alerts
    batch.endedAlerts = ended
    return batch
}

func pagingRecord(_ key: String, at time: Timestamp, state: EntryState = .pending) -> JournalRecord {
    let action = Action(kind: "page", target: "oncall", call: "page(\"oncall\")", labels: ["alertname": "down"],
                        origin: .init(kind: .rule, name: "down", trigger: "fired"), time: time, key: IdempotencyKey(text: key))
    return JournalRecord(action: action, run: "run-1", destination: "alertmanager(http://127.0.0.1:9093)", state: state,
                         nextAttemptAt: time, createdAt: time, updatedAt: time)
}

final class ActionJournalTests: XCTestCase {
    func testAKeyIsJournaledOnceAndKeepsItsFirstEntry() throws {
        let journal = try VigilDatabase.inMemory().journal
        XCTAssertEqual(try journal.commit(batch([pagingRecord("k1", at: 1_000), pagingRecord("k2", at: 1_000)])), [true, true])
        XCTAssertEqual(try journal.commit(batch([pagingRecord("k1", at: 5_000), pagingRecord("k3", at: 5_000)])), [false, true])
        XCTAssertEqual(try journal.record(IdempotencyKey(text: "k1"))?.createdAt, 1_000)
        XCTAssertEqual(try journal.entries().map(\.key.text), ["k1", "k2", "k3"])
    }

    func testDueListsOnlyPendingEntriesWhoseAttemptIsDue() throws {
        let journal = try VigilDatabase.inMemory().journal
        var later = pagingRecord("later", at: 1_000)
        later.nextAttemptAt = 9_000
        _ = try journal.commit(batch([pagingRecord("now", at: 1_000), later, pagingRecord("dry", at: 1_000, state: .planned)]))
        XCTAssertEqual(try journal.due(at: 2_000, limit: 10).map(\.key.text), ["now"])
        XCTAssertEqual(try journal.due(at: 9_000, limit: 10).map(\.key.text), ["now", "later"])
    }

    func testAFinalEntryIsNeverMovedBackToPending() throws {
        let journal = try VigilDatabase.inMemory().journal
        _ = try journal.commit(batch([pagingRecord("k", at: 1_000)]))
        var delivered = pagingRecord("k", at: 1_000)
        delivered.state = .delivered
        delivered.attempts = 1
        try journal.update([delivered])
        var stale = pagingRecord("k", at: 1_000)
        stale.attempts = 2
        try journal.update([stale])  // a second process's late mark must not undo the delivery
        let stored = try XCTUnwrap(journal.record(IdempotencyKey(text: "k")))
        XCTAssertEqual(stored.state, .delivered)
        XCTAssertEqual(stored.attempts, 1)
    }

    /// A notification withdrawn before its group's flush: its pending entry is never due
    /// again; one already delivered keeps its state.
    func testAWithdrawnEntryIsNeverDueAndADeliveredOneIsNotWithdrawn() throws {
        let journal = try VigilDatabase.inMemory().journal
        var queued = pagingRecord("queued", at: 1_000)
        queued.nextAttemptAt = 30_000
        _ = try journal.commit(batch([queued, pagingRecord("sent", at: 1_000)]))
        var delivered = pagingRecord("sent", at: 1_000)
        delivered.state = .delivered
        try journal.update([delivered])
        var withdrawal = JournalBatch()
        withdrawal.withdrawn = [(key: IdempotencyKey(text: "queued"), at: 20_000), (key: IdempotencyKey(text: "sent"), at: 20_000)]
        XCTAssertEqual(try journal.commit(withdrawal), [])
        XCTAssertEqual(try journal.due(at: 60_000, limit: 10).map(\.key.text), [])
        let stored = try XCTUnwrap(journal.record(IdempotencyKey(text: "queued")))
        XCTAssertEqual(stored.state, .withdrawn)
        XCTAssertEqual(stored.updatedAt, 20_000)
        XCTAssertEqual(try journal.record(IdempotencyKey(text: "sent"))?.state, .delivered)
    }

    func testActiveAlertsAreSavedWithTheirEntryAndForgotten() throws {
        let journal = try VigilDatabase.inMemory().journal
        let record = pagingRecord("k", at: 1_000)
        let alert = ActiveAlert(id: "down|{}|oncall", rule: "down", labelsFingerprint: "{}", action: record.action,
                                url: "http://127.0.0.1:9093", lastSentAt: nil)
        _ = try journal.commit(batch([record], alerts: [alert]))
        try journal.markSent([alert.id], at: 4_000)
        XCTAssertEqual(try journal.activeAlerts().map(\.lastSentAt), [4_000])
        _ = try journal.commit(batch([], ended: [alert.id]))
        XCTAssertEqual(try journal.activeAlerts(), [])
    }
}

final class RuleStateStorageTests: XCTestCase {
    func testRuleStatesAreReplacedPerRuleAndReadBack() throws {
        let journal = try VigilDatabase.inMemory().journal
        let firing = HeldRuleState(rule: "down", labels: Labels(["job": "api"]), state: "firing", activeSince: 1_000,
                                   firedAt: 2_000, keepFiringSince: nil)
        var first = JournalBatch()
        first.ruleStates = (file: "a.vigil", byRule: ["down": [firing], "slow": []])
        _ = try journal.commit(first)
        XCTAssertEqual(try journal.ruleStates(file: "a.vigil"), ["down": [firing]])
        XCTAssertEqual(try journal.ruleStates(file: "b.vigil"), [:])
        var cleared = JournalBatch()
        cleared.ruleStates = (file: "a.vigil", byRule: ["down": []])
        _ = try journal.commit(cleared)
        XCTAssertEqual(try journal.ruleStates(file: "a.vigil"), [:])
    }
}
