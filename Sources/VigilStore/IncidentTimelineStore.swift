import GRDB
import VigilSeries

/// One stored timeline entry of an incident: when, what (the incident engine's event code,
/// such as `acknowledged` or `escalated:backup`) and an optional note.
public struct IncidentTimelineEntry: Equatable, Sendable {
    public let at: Timestamp
    public let kind: String
    public let note: String

    public init(at: Timestamp, kind: String, note: String = "") {
        self.at = at
        self.kind = kind
        self.note = note
    }
}

/// The timelines that `vigil incident show`, the post-mortem and the MTTx figures read.
extension IncidentRepository {
    /// Appends entries to an incident's timeline.
    public func record(_ entries: [IncidentTimelineEntry], for id: Int64) throws {
        guard try incident(id) != nil else { throw StoreError(.notFound, "no incident with id \(id)") }
        try database.writer.write { db in
            for entry in entries {
                try db.cachedStatement(sql: "INSERT INTO incident_events (incident_id, at, kind, note) VALUES (?, ?, ?, ?)")
                    .execute(arguments: [id, entry.at, entry.kind, entry.note])
            }
        }
    }

    /// An incident's timeline, oldest first (entries at the same time in the order recorded).
    public func timeline(of id: Int64) throws -> [IncidentTimelineEntry] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT at, kind, note FROM incident_events WHERE incident_id = ? ORDER BY at, id",
                             arguments: [id]).map { IncidentTimelineEntry(at: $0["at"], kind: $0["kind"], note: $0["note"]) }
        }
    }

    /// When the problem behind an incident began, if its opener knew (an alert's `started`).
    public func setDetected(_ id: Int64, at time: Timestamp) throws {
        try database.writer.write { db in
            try db.cachedStatement(sql: "UPDATE incidents SET detected_at = ? WHERE id = ?").execute(arguments: [time, id])
        }
    }

    /// The detection time recorded for an incident, if any.
    public func detectedAt(_ id: Int64) throws -> Timestamp? {
        try database.writer.read { db in
            try Timestamp?.fetchOne(db.cachedStatement(sql: "SELECT detected_at FROM incidents WHERE id = ?"), arguments: [id]) ?? nil
        }
    }

    /// Every incident, oldest first: what the statistics are computed from.
    public func all() throws -> [Incident] {
        try database.writer.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT id FROM incidents ORDER BY opened_at, id")).map { $0["id"] as Int64 }
        }.compactMap { try incident($0) }
    }
}
