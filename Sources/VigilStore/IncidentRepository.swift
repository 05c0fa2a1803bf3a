import GRDB
import VigilSeries

/// Incident severity, P1 (service down or data loss) to P4 (cosmetic).
public enum IncidentSeverity: String, CaseIterable, Comparable, Sendable {
    case p1 = "P1", p2 = "P2", p3 = "P3", p4 = "P4"

    /// P1 sorts first: it is the most severe.
    public static func < (lhs: IncidentSeverity, rhs: IncidentSeverity) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// Where an incident is in its life: open, then acknowledged by a responder, then resolved.
public enum IncidentStatus: String, CaseIterable, Sendable {
    case open, acknowledged, resolved
}

/// One incident.
public struct Incident: Equatable, Sendable {
    /// Row id.
    public let id: Int64
    /// What is wrong, in a line.
    public let title: String
    /// P1–P4.
    public let severity: IncidentSeverity
    /// The service affected.
    public let service: String
    /// Current status.
    public let status: IncidentStatus
    /// When it was opened.
    public let openedAt: Timestamp
    /// When a responder first acknowledged it, if anyone has.
    public let acknowledgedAt: Timestamp?
    /// When it was resolved, if it has been.
    public let resolvedAt: Timestamp?
}

/// Incidents: open, acknowledge, resolve, list the ones still open. Statements are prepared
/// once per connection (`cachedStatement`): a replay opens and resolves thousands.
public struct IncidentRepository: Sendable {
    let database: VigilDatabase

    /// Opens an incident.
    @discardableResult
    public func open(title: String, severity: IncidentSeverity, service: String, at time: Timestamp) throws -> Incident {
        guard !title.isEmpty, !service.isEmpty else {
            throw StoreError(.invalidData, "an incident needs a title and a service (got title \"\(title)\", service \"\(service)\")")
        }
        return try database.writer.write { db in
            try db.cachedStatement(sql: """
                INSERT INTO incidents (title, severity, service, status, opened_at) VALUES (?, ?, ?, 'open', ?)
                """).execute(arguments: [title, severity.rawValue, service, time])
            return try Self.fetch(db, id: db.lastInsertedRowID)
        }
    }

    /// Acknowledges an open incident. Acknowledging again keeps the first acknowledgement
    /// time (escalation is measured to the first response); a resolved incident refuses.
    @discardableResult
    public func acknowledge(_ id: Int64, at time: Timestamp) throws -> Incident {
        try database.writer.write { db in
            let incident = try Self.fetch(db, id: id)
            switch incident.status {
            case .acknowledged:
                return incident
            case .resolved:
                throw StoreError(.invalidTransition, "incident \(id) (\(incident.title)) is already resolved; it cannot be acknowledged")
            case .open:
                try db.cachedStatement(sql: "UPDATE incidents SET status = 'acknowledged', acknowledged_at = ? WHERE id = ?")
                    .execute(arguments: [time, id])
                return try Self.fetch(db, id: id)
            }
        }
    }

    /// Resolves an open or acknowledged incident; resolving twice is refused.
    @discardableResult
    public func resolve(_ id: Int64, at time: Timestamp) throws -> Incident {
        try database.writer.write { db in
            let incident = try Self.fetch(db, id: id)
            guard incident.status != .resolved else {
                throw StoreError(.invalidTransition, "incident \(id) (\(incident.title)) is already resolved")
            }
            try db.cachedStatement(sql: "UPDATE incidents SET status = 'resolved', resolved_at = ? WHERE id = ?")
                .execute(arguments: [time, id])
            return try Self.fetch(db, id: id)
        }
    }

    /// The incident with this id, if any.
    public func incident(_ id: Int64) throws -> Incident? {
        try database.writer.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM incidents WHERE id = ?"), arguments: [id]).map(Self.incident)
        }
    }

    /// Incidents not yet resolved (open or acknowledged), most severe first, then oldest first;
    /// optionally only those of one service.
    public func openIncidents(service: String? = nil) throws -> [Incident] {
        try database.writer.read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM incidents WHERE status != 'resolved' AND (?1 IS NULL OR service = ?1)
                ORDER BY severity, opened_at, id
                """), arguments: [service]).map(Self.incident)
        }
    }

    private static func fetch(_ db: Database, id: Int64) throws -> Incident {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM incidents WHERE id = ?"), arguments: [id]) else {
            throw StoreError(.notFound, "no incident with id \(id)")
        }
        return try incident(row)
    }

    private static func incident(_ row: Row) throws -> Incident {
        Incident(
            id: row["id"], title: row["title"],
            severity: try RowDecoding.decode(IncidentSeverity.self, row["severity"], column: "severity", table: "incidents"),
            service: row["service"],
            status: try RowDecoding.decode(IncidentStatus.self, row["status"], column: "status", table: "incidents"),
            openedAt: row["opened_at"], acknowledgedAt: row["acknowledged_at"], resolvedAt: row["resolved_at"])
    }
}
