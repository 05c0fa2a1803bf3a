import CReadline
import Foundation
import VigilCheck
import VigilLib

/// Tab completion for the REPL through readline. Readline calls a plain C function with no
/// context, so the source of names and the pending matches live here, set once per reader.
enum LineCompletion {
    /// What completes a prefix typed after the given text of the line.
    nonisolated(unsafe) static var names: ((String, String) -> ReplCompletions)?
    nonisolated(unsafe) private static var pending: [String] = []

    /// Hands readline the completer; `:commands` keep readline's file-name completion.
    static func install(_ names: @escaping (String, String) -> ReplCompletions) {
        Self.names = names
        rl_completion_entry_function = { text, state in
            if let line = rl_line_buffer, line.pointee == CChar(UInt8(ascii: ":")) { return rl_filename_completion_function(text, state) }
            if state == 0 {
                let prefix = text.map { String(cString: $0) } ?? ""
                // The line up to the word being completed: says whether it stands in a string.
                var before = ""
                if let line = rl_line_buffer {
                    let upTo = max(0, Int(rl_point) - prefix.utf8.count)
                    before = String(decoding: UnsafeBufferPointer(start: line, count: upTo).map { UInt8(bitPattern: $0) }, as: UTF8.self)
                }
                let found = LineCompletion.names?(prefix, before) ?? ReplCompletions(words: [], append: " ")
                LineCompletion.pending = found.words
                // A builtin completes to its call (`jo` ⇥ `join(`), a metric name to its closing quote.
                rl_completion_append_character = Int32(found.append.asciiValue ?? 32)
            }
            guard !LineCompletion.pending.isEmpty else { return nil }
            return strdup(LineCompletion.pending.removeFirst())
        }
    }
}
