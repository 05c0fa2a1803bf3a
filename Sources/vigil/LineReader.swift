import CReadline
import Foundation

/// Reads input lines: through GNU readline (editing, history) when stdin is a terminal,
/// plain `readLine()` otherwise so piped input and CI work the same way.
final class LineReader {
    let interactive: Bool
    private let historyPath: String?

    /// `completions` lists the names that complete a prefix when Tab is pressed.
    init(historyFile: String? = nil, completions: ((String) -> [String])? = nil) {
        interactive = isatty(STDIN_FILENO) == 1
        historyPath = historyFile
        if interactive, let path = historyPath { read_history(path) }
        if interactive, let completions { LineCompletion.install(completions) }
    }

    /// One line without its newline, or nil at end of input.
    func read(prompt: String) -> String? {
        guard interactive else { return readLine(strippingNewline: true) }
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        let line = String(cString: raw)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty {
            add_history(raw)
            if let path = historyPath { append_history(1, path) }
        }
        return line
    }

    /// Asks a yes/no question; without a terminal the answer is no (as `confirm` promises).
    func confirm(_ question: String) -> Bool {
        guard interactive else { return false }
        let answer = read(prompt: "\(question) [y/N] ")?.trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" || answer == "yes"
    }
}
