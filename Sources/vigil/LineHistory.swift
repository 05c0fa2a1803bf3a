import CReadline
import Foundation

/// The REPL's history file: created on first use, shared by sessions (each appends its
/// lines as they are typed), and bounded to the newest `limit` lines.
struct LineHistory {
    let path: String
    let limit: Int32

    /// `VIGIL_HISTORY` names the file (default `~/.vigil_history`); `VIGIL_HISTORY_SIZE`
    /// bounds it (default 1,000 lines). Nil without a home or with `VIGIL_HISTORY` empty.
    static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> LineHistory? {
        let size = env["VIGIL_HISTORY_SIZE"].flatMap { Int32($0) }.map { max(0, $0) } ?? 1_000
        if let path = env["VIGIL_HISTORY"] { return path.isEmpty ? nil : LineHistory(path: path, limit: size) }
        return env["HOME"].map { LineHistory(path: $0 + "/.vigil_history", limit: size) }
    }

    func load() {
        stifle_history(limit)
        read_history(path)
    }

    func add(_ line: String) {
        add_history(line)
        // append_history cannot create the file, so the first line of a fresh machine writes it.
        if FileManager.default.fileExists(atPath: path) {
            append_history(1, path)
        } else {
            write_history(path)
        }
        history_truncate_file(path, limit)
    }
}
