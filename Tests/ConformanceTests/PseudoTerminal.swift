import Foundation
import XCTest

/// The `vigil` binary on a real pseudo-terminal, as an operator types at it: keys go in
/// through the terminal (so Ctrl-C is the terminal's SIGINT), the screen is read back.
final class PseudoTerminal {
    private let master: Int32
    private let process: Process
    /// Everything the program has written so far.
    private(set) var screen = ""

    init(_ args: [String], environment: [String: String]) throws {
        // posix_openpt and friends are not visible to Swift, so the Linux ioctls directly:
        // TIOCSPTLCK (unlock the terminal's other end) and TIOCGPTN (its number).
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0, number: Int32 = 0
        guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
            throw XCTSkip("no pseudo-terminal available")
        }
        let name = "/dev/pts/\(number)"
        var size = winsize(ws_row: 40, ws_col: 160, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let terminal = FileHandle(forUpdatingAtPath: name)!
        // `setsid --ctty` makes the terminal the program's controlling one, so Ctrl-C signals it.
        let vigil = try VigilBinary.process(args)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = ["--ctty", "--wait", vigil.executableURL!.path] + args
        process.currentDirectoryURL = vigil.currentDirectoryURL
        var env = vigil.environment ?? [:]
        env["TERM"] = "dumb"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()
        try terminal.close()
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    func send(_ keys: String) {
        let bytes = Array(keys.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Reads until `text` has appeared `times` times in all, failing (with the screen) after 20 s.
    func expect(_ text: String, times: Int = 1, file: StaticString = #filePath, line: UInt = #line) {
        let deadline = Date().addingTimeInterval(20)
        while screen.components(separatedBy: text).count - 1 < times {
            guard Date() < deadline else {
                XCTFail("waited for \(text.debugDescription) ×\(times); the screen:\n\(screen)", file: file, line: line)
                return
            }
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 200) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = read(master, &buffer, buffer.count)
            if n <= 0 { continue }
            screen += String(decoding: buffer[0..<n], as: UTF8.self)
        }
    }

    /// Waits for the program to end and returns its status.
    func waitForExit() -> Int32 {
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline {
            usleep(50_000)
        }
        return process.isRunning ? -1 : process.terminationStatus
    }
}
