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
            // An alert holds the action that raised it: encoded once for both rows.
            var encoded: [IdempotencyKey: String] = [:]
            for r in records {
                let json = JournalCoding.encode(r.action)
                encoded[r.key] = json
                try statement.execute(arguments: [
                    r.key.text, r.run, r.action.kind, r.action.target, r.destination,
                    "\(r.action.origin.kind.rawValue) \(r.action.origin.name)", json,
                    r.state.rawValue, r.attempts, r.nextAttemptAt, r.createdAt, r.updatedAt, r.error,
                ])
                isNew.append(db.changesCount == 1)
            }
            // Only a pending entry is withdrawn: one already delivered stays delivered.
            if !batch.withdrawn.isEmpty {
                let withdraw = try db.cachedStatement(sql: """
                    UPDATE action_journal SET state = 'withdrawn', updated_at = ? WHERE idempotency_key = ? AND state = 'pending'
                    """)
                for (key, at) in batch.withdrawn { try withdraw.execute(arguments: [at, key.text]) }
            }
            // Ended first: an alert whose held resolution went out in this batch may fire again in it.
            for id in batch.endedAlerts {
                try db.cachedStatement(sql: "DELETE FROM active_alerts WHERE id = ?").execute(arguments: [id])
            }
            if !batch.activeAlerts.isEmpty {
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO active_alerts (id, rule, labels, url, action, last_sent_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO NOTHING
                    """)
                for alert in batch.activeAlerts {
                    try insert.execute(arguments: [alert.id, alert.rule, alert.labelsFingerprint, alert.url,
                                                   encoded[alert.action.key] ?? JournalCoding.encode(alert.action),
                                                   alert.lastSentAt])
                }
            }
            if let (file, byRule) = batch.ruleStates { try RuleStateRows.save(db, file: file, byRule) }
            return isNew
        }
    }

    public func ruleStates(file: String) throws -> [String: [HeldRuleState]] {
        try database.writer.read { db in try RuleStateRows.load(db, file: file) }
    }

    public func due(at time: Timestamp, limit: Int) throws -> [JournalRecord] {
        try due(at: time, limit: limit, known: [:])
    }

    public func due(at time: Timestamp, limit: Int, known: [IdempotencyKey: Action]) throws -> [JournalRecord] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM action_journal WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?
                """, arguments: [time, limit]).map { row in
                    try JournalCoding.record(row, action: known[IdempotencyKey(text: row["idempotency_key"])])
                }
        }
    }

    public func update(_ records: [JournalRecord]) throws {
        try update(records, sent: [], at: 0)
    }

    public func update(_ records: [JournalRecord], sent ids: [String], at time: Timestamp) throws {
        try database.writer.write { db in
            try Self.markSent(db, ids, at: time)
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
        try alerts(where: "", [])
    }

    public func activeAlerts(rule: String, labels: String) throws -> [ActiveAlert] {
        try alerts(where: "WHERE rule = ? AND labels = ?", [rule, labels])
    }

    public func activeAlerts(sentAtOrBefore time: Timestamp) throws -> [ActiveAlert] {
        try alerts(where: "WHERE last_sent_at <= ?", [time])
    }

    /// Held alerts, decoded: only those the caller needs (decoding the action is the cost).
    private func alerts(where clause: String, _ arguments: StatementArguments) throws -> [ActiveAlert] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM active_alerts \(clause) ORDER BY id", arguments: arguments).map { row in
                ActiveAlert(id: row["id"], rule: row["rule"], labelsFingerprint: row["labels"],
                            action: try JournalCoding.decode(row["action"]), url: row["url"], lastSentAt: row["last_sent_at"])
            }
        }
    }

    public func markSent(_ ids: [String], at time: Timestamp) throws {
        try database.writer.write { db in try Self.markSent(db, ids, at: time) }
    }

    private static func markSent(_ db: Database, _ ids: [String], at time: Timestamp) throws {
        guard !ids.isEmpty else { return }
        let statement = try db.cachedStatement(sql: "UPDATE active_alerts SET last_sent_at = ? WHERE id = ?")
        for id in ids { try statement.execute(arguments: [time, id]) }
    }

    /// Every entry of one kind (`silence`), of all runs, in the order journaled.
    public func entries(kind: String) throws -> [JournalRecord] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM action_journal WHERE kind = ? ORDER BY id", arguments: [kind]).map(JournalCoding.record)
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
