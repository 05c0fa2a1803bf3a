import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Why a test server could not run.
public enum ServerError: Error, CustomStringConvertible {
    /// The binary is not installed: the test is skipped with this reason.
    case missingBinary(String)
    /// The server did not start; the message carries the end of its log.
    case failedToStart(String)

    public var description: String {
        switch self {
        case .missingBinary(let message), .failedToStart(let message): return message
        }
    }
}

/// A real server binary started by a test, on 127.0.0.1, stopped by `stop()` or on deinit.
public final class ServerProcess {
    public let name: String
    public let port: Int
    public let logURL: URL
    /// `http`, or `https` for a server started with TLS.
    public let scheme: String
    private let process: Process

    public var baseURL: String { "\(scheme)://127.0.0.1:\(port)" }
    public var processIdentifier: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    private init(name: String, port: Int, logURL: URL, scheme: String, process: Process) {
        self.name = name
        self.port = port
        self.logURL = logURL
        self.scheme = scheme
        self.process = process
    }

    deinit { stop() }

    /// Finds a binary in the usual places (and `extra` ones, such as /usr/sbin) or on PATH.
    public static func locate(_ binary: String, in extra: [String] = []) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let directories = ["/usr/bin", "/usr/local/bin"] + extra + path.split(separator: ":").map(String.init)
        for directory in directories {
            let candidate = directory + "/" + binary
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ServerError.missingBinary("\(binary) is not installed (looked in \((["/usr/bin", "/usr/local/bin"] + extra).joined(separator: ", ")) and PATH); install the Debian package to run this test")
    }

    /// Starts `executable` with the arguments for a port, retrying on a fresh port when the
    /// process dies early (another process may grab the port between probe and bind).
    /// `isReady` replaces the plain-http probe of `readyPath` (an https server needs its CA).
    public static func start(
        name: String, executable: String, directory: URL, readyPath: String, scheme: String = "http",
        isReady: (@Sendable (String) async -> Bool)? = nil,
        arguments: (Int) -> [String]
    ) async throws -> ServerProcess {
        var lastFailure = ""
        for attempt in 1...3 {
            let port = try FreePort.find()
            let logURL = directory.appendingPathComponent("\(name)-\(attempt).log")
            guard FileManager.default.createFile(atPath: logURL.path, contents: nil) else {
                throw ServerError.failedToStart("cannot create log file \(logURL.path)")
            }
            let log = try FileHandle(forWritingTo: logURL)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments(port)
            process.currentDirectoryURL = directory
            process.standardOutput = log
            process.standardError = log
            try process.run()
            try? log.close()
            let server = ServerProcess(name: name, port: port, logURL: logURL, scheme: scheme, process: process)
            if try await server.waitUntilReady(path: readyPath, within: 20, isReady: isReady) { return server }
            server.stop()
            lastFailure = server.logTail()
        }
        throw ServerError.failedToStart("\(name) did not become ready in 3 attempts; log:\n\(lastFailure)")
    }

    /// Polls `path` until it answers 200, the process exits, or `seconds` pass.
    private func waitUntilReady(path: String, within seconds: Double,
                                isReady: (@Sendable (String) async -> Bool)?) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 1
        configuration.timeoutIntervalForResource = 1
        let session = URLSession(configuration: configuration)
        guard let url = URL(string: baseURL + path) else { return false }
        while Date() < deadline {
            guard process.isRunning else { return false }
            if let isReady {
                if await isReady(baseURL + path) { return true }
            } else if await Self.answersOK(session, url) {
                return true
            }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        return false
    }

    private static func answersOK(_ session: URLSession, _ url: URL) async -> Bool {
        await withCheckedContinuation { continuation in
            session.dataTask(with: url) { _, response, _ in
                continuation.resume(returning: (response as? HTTPURLResponse)?.statusCode == 200)
            }.resume()
        }
    }

    /// Sends SIGTERM, waits up to 10 s, then SIGKILL; safe to call twice.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Pauses the process (SIGSTOP) so requests hang, to test timeouts against the real server.
    /// Returns once every thread has stopped (`/proc/PID/task/*/stat` all in state T): the
    /// signal is asynchronous, and on a loaded machine a thread of the server still running
    /// could otherwise answer a request sent right after.
    public func pause() {
        let pid = process.processIdentifier
        kill(pid, SIGSTOP)
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline && !Self.allThreadsStopped(pid) { usleep(1_000) }
    }

    private static func allThreadsStopped(_ pid: Int32) -> Bool {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task"), !tasks.isEmpty else { return false }
        return tasks.allSatisfy { task in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            // The state is the first field after the command name's closing parenthesis.
            return stat[stat.index(after: close)...].split(separator: " ").first == "T"
        }
    }

    /// Resumes a paused process (SIGCONT).
    public func resume() { kill(process.processIdentifier, SIGCONT) }

    /// The last lines of the server's log, for failure messages.
    public func logTail(lines: Int = 30) -> String {
        let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? "(no log)"
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}

/// Finds a free TCP port on 127.0.0.1 by binding port 0 and reading the port the kernel chose.
public enum FreePort {
    public static func find() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServerError.failedToStart("socket() failed: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress -> Bool in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw ServerError.failedToStart("cannot bind 127.0.0.1:0: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
