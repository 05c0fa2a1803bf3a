import Foundation
import GRDB
import VigilSeries

/// The journal every action passes through before delivery.
///
/// A dispatcher calls `begin` with an idempotency key, delivers only when the returned
/// entry `isNew` (or retries one that `failed`), then marks the outcome. Because the key
/// is unique in SQLite, two evaluators racing on one key get one new entry between them,
/// and a restart that replays the same ticks finds the entries already there.
public struct ActionJournal: Sendable {
    let database: VigilDatabase

    /// Journals an action as `planned`, or returns the entry already journaled under `key`.
    ///
    /// Reusing a key for a different action or target is a bug in the key scheme and
    /// throws `idempotencyKeyReused` rather than silently dropping the second action.
    public func begin(
        key: String, action: String, target: String, payload: some Encodable, at time: Timestamp
    ) throws -> JournalEntry {
        guard !key.isEmpty, !action.isEmpty else {
            throw StoreError(.invalidData, "a journal entry needs an idempotency key and an action (got key \"\(key)\", action \"\(action)\")")
        }
        let payloadJSON = try Self.json(payload, key: key)
        return try database.writer.write { db in
            // Insert first and let the UNIQUE key decide: of two writers racing on one key,
            // exactly one sees its row inserted, the other finds that row.
            try db.execute(sql: """
                INSERT INTO action_journal (idempotency_key, action, target, payload, status, attempts, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'planned', 0, ?, ?)
                ON CONFLICT (idempotency_key) DO NOTHING
                """, arguments: [key, action, target, payloadJSON, time, time])
            let isNew = db.changesCount == 1
            guard let entry = try Self.fetch(db, key: key, isNew: isNew) else {
                throw StoreError(.notFound, "journal entry \(key) vanished right after it was written")
            }
            guard entry.action == action, entry.target == target else {
                throw StoreError(.idempotencyKeyReused, """
                    idempotency key \(key) was journaled for \(entry.action) → \(entry.target); \
                    it cannot also name \(action) → \(target)
                    """)
            }
            return entry
        }
    }

    /// Marks a planned or failed entry delivered. Delivering a delivered or recorded entry
    /// again would break at-most-once delivery, so it throws `invalidTransition`.
    @discardableResult
    public func markDelivered(key: String, at time: Timestamp) throws -> JournalEntry {
        try update(key: key, to: .delivered, at: time, countsAttempt: true, error: nil)
    }

    /// Marks a planned or failed entry failed with the reason; the entry may be retried.
    @discardableResult
    public func markFailed(key: String, error: String, at time: Timestamp) throws -> JournalEntry {
        try update(key: key, to: .failed, at: time, countsAttempt: true, error: error)
    }

    /// Marks a planned or failed entry recorded (not delivered), as dry runs and tests do.
    @discardableResult
    public func markRecorded(key: String, at time: Timestamp) throws -> JournalEntry {
        try update(key: key, to: .recorded, at: time, countsAttempt: false, error: nil)
    }

    /// The entry journaled under `key`, if any.
    public func entry(key: String) throws -> JournalEntry? {
        try database.writer.read { db in try Self.fetch(db, key: key) }
    }

    /// Entries created at or after `time`, oldest first.
    public func entries(since time: Timestamp = Int64.min) throws -> [JournalEntry] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM action_journal WHERE created_at >= ? ORDER BY created_at, id",
                             arguments: [time]).map { try Self.entry($0, isNew: false) }
        }
    }

    private func update(
        key: String, to status: JournalStatus, at time: Timestamp, countsAttempt: Bool, error: String?
    ) throws -> JournalEntry {
        try database.writer.write { db in
            guard let current = try Self.fetch(db, key: key) else {
                throw StoreError(.notFound, "no journal entry with idempotency key \(key)")
            }
            guard !current.status.isFinal else {
                throw StoreError(.invalidTransition,
                                 "journal entry \(key) (\(current.action) → \(current.target)) is already \(current.status.rawValue); it cannot become \(status.rawValue)")
            }
            try db.execute(sql: """
                UPDATE action_journal SET status = ?, attempts = attempts + ?, updated_at = ?, error = ?
                WHERE idempotency_key = ?
                """, arguments: [status.rawValue, countsAttempt ? 1 : 0, time, error, key])
            guard let updated = try Self.fetch(db, key: key) else {
                throw StoreError(.notFound, "journal entry \(key) vanished during its update")
            }
            return updated
        }
    }

    private static func json(_ payload: some Encodable, key: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        do {
            return String(decoding: try encoder.encode(payload), as: UTF8.self)
        } catch {
            throw StoreError(.invalidData, "journal entry \(key): the payload cannot be written as JSON: \(error)")
        }
    }

    private static func fetch(_ db: Database, key: String, isNew: Bool = false) throws -> JournalEntry? {
        try Row.fetchOne(db, sql: "SELECT * FROM action_journal WHERE idempotency_key = ?", arguments: [key])
            .map { try entry($0, isNew: isNew) }
    }

    private static func entry(_ row: Row, isNew: Bool) throws -> JournalEntry {
        JournalEntry(
            id: row["id"], key: row["idempotency_key"], action: row["action"], target: row["target"],
            payload: row["payload"],
            status: try RowDecoding.decode(JournalStatus.self, row["status"], column: "status", table: "action_journal"),
            attempts: row["attempts"], createdAt: row["created_at"], updatedAt: row["updated_at"],
            error: row["error"], isNew: isNew)
    }
}
