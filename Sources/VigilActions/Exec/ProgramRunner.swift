import Foundation

/// Runs one allowed program with an argument vector (no shell: `;`, `$(…)` and globs are
/// plain characters of an argument), a timeout, and its output captured for the record.
public struct ProgramRunner: Sendable {
    public var timeout: Double
    /// At most this many bytes of each stream are kept; the rest is counted, not stored.
    public var outputLimit: Int

    public init(timeout: Double = 60, outputLimit: Int = 64 * 1024) {
        self.timeout = timeout
        self.outputLimit = outputLimit
    }

    public struct Outcome: Sendable, Equatable {
        public let executable: String
        public let arguments: [String]
        /// The exit status; nil when the program was killed at the timeout.
        public let status: Int32?
        public let stdout: String
        public let stderr: String
        public let timedOut: Bool
        public let seconds: Double

        public var succeeded: Bool { status == 0 && !timedOut }

        /// One line for a report: `exit 0 in 0.01s`, `killed after the 5s timeout`.
        public var summary: String {
            let took = String(format: "%.2fs", seconds)
            if timedOut { return "killed after the timeout (\(took))" }
            return "exit \(status.map(String.init) ?? "?") in \(took)"
        }
    }

    /// Runs `executable` (an absolute path from `AllowedPrograms`) with `arguments`.
    public func run(_ executable: String, _ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let started = Date()
        try process.run()
        // Both streams are drained while the program runs, so a chatty one cannot fill a pipe and stall.
        let group = DispatchGroup()
        let stdout = Capture(limit: outputLimit), stderr = Capture(limit: outputLimit)
        for (pipe, capture) in [(out, stdout), (err, stderr)] {
            group.enter()
            DispatchQueue.global().async {
                capture.drain(pipe.fileHandleForReading)
                group.leave()
            }
        }
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            // The program leads its own process group: its children (a shell's `sleep`) go too,
            // or they would hold the output pipes open long after it.
            let group = -process.processIdentifier
            kill(group, SIGTERM)
            if finished.wait(timeout: .now() + 2) == .timedOut {
                kill(group, SIGKILL)
                finished.wait()
            } else {
                kill(group, SIGKILL)
            }
        }
        group.wait()
        return Outcome(executable: executable, arguments: arguments, status: timedOut ? nil : process.terminationStatus,
                       stdout: stdout.text, stderr: stderr.text, timedOut: timedOut,
                       seconds: Date().timeIntervalSince(started))
    }
}

/// One stream's bytes, up to a limit.
private final class Capture: @unchecked Sendable {
    private let limit: Int
    private var data = Data()
    private var dropped = 0

    init(limit: Int) { self.limit = limit }

    func drain(_ handle: FileHandle) {
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { return }
            let room = max(0, limit - data.count)
            data.append(chunk.prefix(room))
            dropped += chunk.count - min(room, chunk.count)
        }
    }

    var text: String {
        let s = String(decoding: data, as: UTF8.self)
        return dropped > 0 ? s + "\n… \(dropped) more bytes not kept" : s
    }
}
