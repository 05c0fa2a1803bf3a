import Foundation
import XCTest

/// A running `vigil watch` whose output the test reads as it comes, and kills with SIGKILL.
final class WatchProcess: @unchecked Sendable {
    let process: Process
    private let lock = NSLock()
    private var output = ""

    init(_ args: [String]) throws {
        process = try VigilBinary.process(args)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.output += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    var printed: String { lock.withLock { output } }

    /// Waits until `condition` holds or `seconds` pass; answers whether it held.
    @discardableResult
    static func wait(_ seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    /// `kill -9`: no handler runs, nothing is flushed or marked.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Waits for a normal exit and answers its status.
    func waitForExit() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }
}
