import GRDB
import VigilSeries

/// One command that journals actions: a `vigil watch`, a `vigil run`, a replay.
public struct RunRecord: Equatable, Sendable {
    public let id: String
    public let command: String
    public let file: String
    /// `deliver` or `planned`.
    public let mode: String
    public let startedAt: Timestamp

    public init(id: String, command: String, file: String, mode: String, startedAt: Timestamp) {
        self.id = id
        self.command = command
        self.file = file
        self.mode = mode
        self.startedAt = startedAt
    }
}

/// The runs `vigil journal` lists.
public struct RunRepository: Sendable {
    let database: VigilDatabase

    public func start(_ run: RunRecord) throws {
        try database.writer.write { db in
            try db.execute(sql: "INSERT INTO runs (id, command, file, mode, started_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [run.id, run.command, run.file, run.mode, run.startedAt])
        }
    }

    /// Every run, newest first.
    public func all() throws -> [RunRecord] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY started_at DESC, rowid DESC").map(Self.run)
        }
    }

    /// The run with this id, or the only run whose id starts with it.
    public func find(_ prefix: String) throws -> RunRecord? {
        try database.writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM runs WHERE id = ? OR id LIKE ? || '%' ESCAPE '\\' LIMIT 2",
                                        arguments: [prefix, prefix.replacingOccurrences(of: "%", with: "\\%")
                                            .replacingOccurrences(of: "_", with: "\\_")])
            if let exact = rows.first(where: { ($0["id"] as String) == prefix }) { return Self.run(exact) }
            return rows.count == 1 ? Self.run(rows[0]) : nil
        }
    }

    private static func run(_ row: Row) -> RunRecord {
        RunRecord(id: row["id"], command: row["command"], file: row["file"], mode: row["mode"], startedAt: row["started_at"])
    }
}
