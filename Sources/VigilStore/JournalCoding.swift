import Foundation
import GRDB
import VigilActions

/// Reads and writes the journal's rows: the action as sorted JSON, the rest as columns.
enum JournalCoding {
    /// Made once: making a coder costs more than coding one action (bench-actions).
    private static let decoder = JSONDecoder()

    static func encode(_ action: Action) -> String { action.journalJSON }

    static func decode(_ text: String) throws -> Action {
        do {
            return try decoder.decode(Action.self, from: Data(text.utf8))
        } catch {
            throw StoreError(.invalidData, "a journaled action does not decode: \(error)")
        }
    }

    /// A row as a record; `action`, when the caller still holds the action it journaled,
    /// spares decoding it again.
    static func record(_ row: Row) throws -> JournalRecord { try record(row, action: nil) }

    static func record(_ row: Row, action: Action?) throws -> JournalRecord {
        JournalRecord(
            action: try action ?? decode(row["action"]), run: row["run"], destination: row["destination"],
            state: try RowDecoding.decode(EntryState.self, row["state"], column: "state", table: "action_journal"),
            attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"], createdAt: row["created_at"],
            updatedAt: row["updated_at"], error: row["error"], outcome: row["outcome"])
    }
}
