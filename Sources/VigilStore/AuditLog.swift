import GRDB
import VigilSeries

/// One line of the audit log: who did what, when.
public struct AuditEntry: Equatable, Sendable {
    /// Row id; increases with every append.
    public let id: Int64
    /// When it happened.
    public let at: Timestamp
    /// Who did it: a user, `vigil run`, a rule name.
    public let actor: String
    /// What happened, e.g. `deployment.rolled_back`.
    public let event: String
    /// Free-form detail for the reader.
    public let detail: String
}

/// Append-only record of what Vigil and its users did; nothing here updates or deletes.
public struct AuditLog: Sendable {
    let database: VigilDatabase

    /// Appends one entry and returns it with its id.
    @discardableResult
    public func append(actor: String, event: String, detail: String = "", at time: Timestamp) throws -> AuditEntry {
        guard !actor.isEmpty, !event.isEmpty else {
            throw StoreError(.invalidData, "an audit entry needs an actor and an event (got actor \"\(actor)\", event \"\(event)\")")
        }
        return try database.writer.write { db in
            try db.execute(sql: "INSERT INTO audit_log (at, actor, event, detail) VALUES (?, ?, ?, ?)",
                           arguments: [time, actor, event, detail])
            return AuditEntry(id: db.lastInsertedRowID, at: time, actor: actor, event: event, detail: detail)
        }
    }

    /// Entries at or after `time`, in the order they were appended.
    public func entries(since time: Timestamp = Int64.min) throws -> [AuditEntry] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log WHERE at >= ? ORDER BY id", arguments: [time]).map { row in
                AuditEntry(id: row["id"], at: row["at"], actor: row["actor"], event: row["event"], detail: row["detail"])
            }
        }
    }
}
