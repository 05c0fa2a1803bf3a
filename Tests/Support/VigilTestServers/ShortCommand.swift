import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a short command (promtool, for instance) to completion, bounded to a minute, with
/// its output going to a file rather than a pipe so a chatty command cannot block on a full
/// pipe.
public enum ShortCommand {
    /// The command's exit status and its stdout and stderr together; running over the time
    /// limit is an error.
    public static func run(_ executable: String, _ arguments: [String], in directory: URL,
                           within seconds: Double = 60) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let logURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("vigil-command-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: logURL.path, contents: nil) else {
            throw ServerError.failedToStart("cannot create log file \(logURL.path)")
        }
        defer { try? FileManager.default.removeItem(at: logURL) }
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw ServerError.failedToStart("\(executable) \(arguments.joined(separator: " ")) ran over \(Int(seconds)) s")
        }
        return (process.terminationStatus, (try? String(contentsOf: logURL, encoding: .utf8)) ?? "")
    }
}
