import CReadline
import Foundation
import VigilCheck
import VigilLib

/// Tab completion for the REPL through readline. Readline calls a plain C function with no
/// context, so the source of names and the pending matches live here, set once per reader.
enum LineCompletion {
    /// The names that may complete a prefix (the builtin table's and the session's own).
    nonisolated(unsafe) static var names: ((String) -> [String])?
    nonisolated(unsafe) private static var pending: [String] = []

    /// Hands readline the completer; `:commands` keep readline's file-name completion.
    static func install(_ names: @escaping (String) -> [String]) {
        Self.names = names
        rl_completion_entry_function = { text, state in
            if let line = rl_line_buffer, line.pointee == CChar(UInt8(ascii: ":")) { return rl_filename_completion_function(text, state) }
            if state == 0 {
                LineCompletion.pending = LineCompletion.names?(text.map { String(cString: $0) } ?? "") ?? []
                // A builtin completes to its call (`jo` ⇥ `join(`), a variable to a space.
                let calls = LineCompletion.pending.allSatisfy { !Engines.surface.lookup($0).isEmpty }
                rl_completion_append_character = Int32(UInt8(ascii: calls ? "(" : " "))
            }
            guard !LineCompletion.pending.isEmpty else { return nil }
            return strdup(LineCompletion.pending.removeFirst())
        }
    }
}
