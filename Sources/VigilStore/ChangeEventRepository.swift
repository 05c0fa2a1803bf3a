import GRDB
import VigilSeries

/// Changes ingested for root cause: config changes, feature flags, deployments made elsewhere.
public struct ChangeEventRepository: Sendable {
    let database: VigilDatabase

    /// Stores the changes in one transaction: all of them or, on an error, none. A change
    /// already stored (same time, service, kind and description) is counted, not repeated.
    @discardableResult
    public func insert(_ changes: [ChangeEvent]) throws -> (inserted: Int, alreadyStored: Int) {
        try database.writer.write { db in
            var inserted = 0
            for change in changes {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO change_events (at, service, kind, description, change_id, author, version, previous_version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [change.time, change.service, change.kind, change.description, change.id, change.author,
                                     change.version, change.previous])
                inserted += db.changesCount
            }
            return (inserted, changes.count - inserted)
        }
    }

    /// Every service's changes at a time in `[from, through]`, oldest first.
    public func changes(from: Timestamp, through: Timestamp) throws -> [ChangeEvent] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM change_events WHERE at BETWEEN ? AND ? ORDER BY at, id",
                             arguments: [from, through]).map { row in
                ChangeEvent(time: row["at"], service: row["service"], kind: row["kind"], description: row["description"],
                            id: row["change_id"], author: row["author"], version: row["version"], previous: row["previous_version"])
            }
        }
    }
}
