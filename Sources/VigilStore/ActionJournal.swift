import Foundation
import GRDB
import VigilActions
import VigilSeries

/// The action journal on SQLite: the durable side of the actions layer. With a file
/// database (WAL) an insert that returned survives `kill -9`; `inMemory` serves replays,
/// tests and dry runs through the same code.
public final class ActionJournal: ActionJournalStore, @unchecked Sendable {
    let database: VigilDatabase

    init(database: VigilDatabase) { self.database = database }

    public func commit(_ batch: JournalBatch) throws -> [Bool] {
        try database.writer.write { db in
            let records = batch.records
            let statement = try db.cachedStatement(sql: """
                INSERT INTO action_journal (idempotency_key, run, kind, target, destination, origin, action, state,
                    attempts, next_attempt_at, created_at, updated_at, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING
                """)
            var isNew: [Bool] = []
            for r in records {
                try statement.execute(arguments: [
                    r.key.text, r.run, r.action.kind, r.action.target, r.destination,
                    "\(r.action.origin.kind.rawValue) \(r.action.origin.name)", try JournalCoding.encode(r.action),
                    r.state.rawValue, r.attempts, r.nextAttemptAt, r.createdAt, r.updatedAt, r.error,
                ])
                isNew.append(db.changesCount == 1)
            }
            for alert in batch.activeAlerts {
                try db.execute(sql: """
                    INSERT INTO active_alerts (id, rule, labels, url, action, last_sent_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO NOTHING
                    """, arguments: [alert.id, alert.rule, alert.labelsFingerprint, alert.url,
                                     try JournalCoding.encode(alert.action), alert.lastSentAt])
            }
            for id in batch.endedAlerts {
                try db.execute(sql: "DELETE FROM active_alerts WHERE id = ?", arguments: [id])
            }
            if let (file, byRule) = batch.ruleStates { try RuleStateRows.save(db, file: file, byRule) }
            return isNew
        }
    }

    public func ruleStates(file: String) throws -> [String: [HeldRuleState]] {
        try database.writer.read { db in try RuleStateRows.load(db, file: file) }
    }

    public func due(at time: Timestamp, limit: Int) throws -> [JournalRecord] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM action_journal WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?
                """, arguments: [time, limit]).map(JournalCoding.record)
        }
    }

    public func update(_ records: [JournalRecord]) throws {
        try database.writer.write { db in
            let statement = try db.cachedStatement(sql: """
                UPDATE action_journal SET state = ?, attempts = ?, next_attempt_at = ?, updated_at = ?, error = ?,
                    outcome = coalesce(?, outcome)
                WHERE idempotency_key = ? AND state = 'pending'
                """)
            for r in records {
                try statement.execute(arguments: [r.state.rawValue, r.attempts, r.nextAttemptAt, r.updatedAt, r.error,
                                                  r.outcome, r.key.text])
            }
        }
    }

    public func record(_ key: IdempotencyKey) throws -> JournalRecord? {
        try database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM action_journal WHERE idempotency_key = ?", arguments: [key.text])
                .map(JournalCoding.record)
        }
    }

    public func activeAlerts() throws -> [ActiveAlert] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM active_alerts ORDER BY id").map { row in
                ActiveAlert(id: row["id"], rule: row["rule"], labelsFingerprint: row["labels"],
                            action: try JournalCoding.decode(row["action"]), url: row["url"], lastSentAt: row["last_sent_at"])
            }
        }
    }

    public func markSent(_ ids: [String], at time: Timestamp) throws {
        try database.writer.write { db in
            for id in ids { try db.execute(sql: "UPDATE active_alerts SET last_sent_at = ? WHERE id = ?", arguments: [time, id]) }
        }
    }

    /// Every entry of a run (or of all runs), in the order journaled.
    public func entries(run: String? = nil) throws -> [JournalRecord] {
        try database.writer.read { db in
            let sql = "SELECT * FROM action_journal" + (run == nil ? "" : " WHERE run = ?") + " ORDER BY id"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(run.map { [$0] } ?? [])).map(JournalCoding.record)
        }
    }
}
