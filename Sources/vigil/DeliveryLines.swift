import Foundation
import VigilActions
import VigilStore

/// How a delivery round reads in `vigil watch`: one line per outcome.
enum DeliveryLines {
    static func lines(_ report: DeliveryReport) -> [String] {
        report.delivered.map { "    delivered \($0.action.call) → \($0.destination)  [key \($0.key)]" }
            + report.retrying.map { "    retrying \($0.action.call) → \($0.destination) (attempt \($0.attempts) failed: \($0.error ?? "")) [key \($0.key)]" }
            + report.deadLetters.map { "    dead letter \($0.action.call) → \($0.destination): \($0.error ?? "") [key \($0.key)]" }
    }
}

/// The database a command journals to: --db, else $VIGIL_DB, else ~/.vigil/vigil.sqlite.
enum JournalLocation {
    static func open(_ path: String?) throws -> VigilDatabase {
        if let path { return path == ":memory:" ? try VigilDatabase.inMemory() : try VigilDatabase(path: path) }
        return try VigilDatabase.openDefault()
    }
}
