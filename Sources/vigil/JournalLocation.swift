import VigilStore

/// The database a command journals to: --db, else $VIGIL_DB, else ~/.vigil/vigil.sqlite.
enum JournalLocation {
    static func open(_ path: String?) throws -> VigilDatabase {
        if let path { return path == ":memory:" ? try VigilDatabase.inMemory() : try VigilDatabase(path: path) }
        return try VigilDatabase.openDefault()
    }
}
