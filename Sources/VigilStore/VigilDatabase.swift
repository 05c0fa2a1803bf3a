import Foundation
import GRDB

/// Vigil's embedded SQLite database: opened, migrated and ready for the repositories.
///
/// Files use WAL mode (readers never block the writer, which matters while a rule loop
/// writes and a `vigil status` reads) with `synchronous = NORMAL`, which in WAL mode never
/// corrupts the file and at worst loses the last transactions on power loss.
/// In-memory databases serve tests and dry runs.
public final class VigilDatabase: Sendable {
    /// The GRDB connection (a pool for files, a queue in memory); repositories run SQL through it.
    public let writer: any DatabaseWriter
    /// Where this database lives.
    public let location: DatabaseLocation

    /// Opens (creating when needed) and migrates the database at a location.
    public init(location: DatabaseLocation) throws {
        self.location = location
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        switch location {
        case .inMemory:
            let queue = try DatabaseQueue(configuration: configuration)
            try VigilDatabase.migratedInMemory.get().backup(to: queue)
            writer = queue
            return  // a copy of the migrated one
        case .file(let path):
            try VigilDatabase.createParentFolder(of: path)
            // Several processes (a `vigil run` loop, a `vigil status`) may share one file:
            // wait for a competing writer rather than fail at once.
            configuration.busyMode = .timeout(5)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            do {
                // A DatabasePool switches the file to WAL mode on open.
                writer = try VigilDatabase.openPool(path, configuration)
            } catch {
                throw StoreError(.cannotOpen, "cannot open the database at \(path): \(error)")
            }
        }
        try VigilDatabase.migrate(writer)
    }

    /// Opens the pool, retrying for up to 5 s while another process holds the lock that the
    /// switch to WAL needs: SQLite answers that PRAGMA with SQLITE_BUSY at once instead of
    /// waiting on the busy timeout (two processes creating one new file together).
    static func openPool(_ path: String, _ configuration: Configuration) throws -> DatabasePool {
        let deadline = Date().addingTimeInterval(5)
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
    }

    /// Migrates, tolerating another process migrating the same new file at the same moment
    /// (two `vigil ingest --db new.sqlite`, or an ingest and a watch, started together).
    ///
    /// GRDB reads which migrations are applied before it takes the write lock, so the process
    /// that waited on the lock then finds its `CREATE TABLE` already done ("table series
    /// already exists"). Each migration is one transaction, so the loser changed nothing:
    /// when the applied list grew meanwhile, the other process made the progress, and
    /// migrating again from the new list is correct. An error without such progress is real.
    static func migrate(_ writer: any DatabaseWriter) throws {
        let migrator = StoreSchema.migrator
        for attempt in 1... {
            let before = try writer.read { db in try migrator.appliedIdentifiers(db) }
            do {
                try migrator.migrate(writer)
                return
            } catch {
                let after = (try? writer.read { db in try migrator.appliedIdentifiers(db) }) ?? before
                guard attempt < 100, !after.isSubset(of: before) else { throw error }
            }
        }
    }

    /// Opens a database file at `path`.
    public convenience init(path: String) throws {
        try self.init(location: .file(path))
    }

    /// Opens an existing file only to read it: no migration, no switch to WAL, nothing written,
    /// so a command that evaluates against the store (`check`, `repl`) leaves the user's file
    /// as it was and does not pay for opening it to write.
    public static func reading(path: String) throws -> VigilDatabase {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        do {
            return VigilDatabase(reader: try DatabaseQueue(path: path, configuration: configuration), path: path)
        } catch {
            throw StoreError(.cannotOpen, "cannot open the database at \(path): \(error)")
        }
    }

    private init(reader: DatabaseQueue, path: String) {
        writer = reader
        location = .file(path)
    }

    /// An in-memory database migrated once per process: every private one starts as a copy
    /// of it (SQLite's backup copies its few pages), because `vigil test` and replays open one
    /// per test or run and running every migration each time was most of a small test's cost.
    private static let migratedInMemory = Result<DatabaseQueue, any Error> {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let queue = try DatabaseQueue(configuration: configuration)
        try migrate(queue)
        return queue
    }

    /// Opens a private in-memory database.
    public static func inMemory() throws -> VigilDatabase {
        try VigilDatabase(location: .inMemory)
    }

    /// Opens the database at the default location (`VIGIL_DB`, else `~/.vigil/vigil.sqlite`).
    public static func openDefault(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> VigilDatabase {
        try VigilDatabase(location: .resolve(environment: environment))
    }

    /// The identifiers of the migrations applied so far, oldest first.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try StoreSchema.migrator.appliedMigrations(db) }
    }

    /// Repository for series and samples.
    public var samples: SampleRepository { SampleRepository(database: self) }
    /// Repository for deployments, stages, traffic changes and rollbacks.
    public var deployments: DeploymentRepository { DeploymentRepository(database: self) }
    /// Repository for incidents.
    public var incidents: IncidentRepository { IncidentRepository(database: self) }
    /// The action journal that makes deliveries idempotent.
    public var journal: ActionJournal { ActionJournal(database: self) }
    /// The runs that journaled actions.
    public var runs: RunRepository { RunRepository(database: self) }
    /// The anomalies found, as events.
    public var anomalies: AnomalyEventRepository { AnomalyEventRepository(database: self) }
    /// Changes ingested for root cause (config, feature flags, outside deployments).
    public var changes: ChangeEventRepository { ChangeEventRepository(database: self) }

    private static func createParentFolder(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.cannotOpen, "cannot create the folder \(folder) for the database: \(error.localizedDescription)")
        }
    }
}
