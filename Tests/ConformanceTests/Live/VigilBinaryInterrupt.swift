import Foundation
import XCTest

extension VigilBinary {
    /// Starts `vigil args…`, waits (at most 30 s) until its stdout contains `printed`, then
    /// lets `act` signal it, and collects everything it wrote until it exits.
    static func runUntil(_ args: [String], environment: [String: String] = [:], printed: String,
                         _ act: (Process) -> Void) throws -> Result {
        let p = try process(args)
        if !environment.isEmpty { p.environment = (p.environment ?? [:]).merging(environment) { $1 } }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        let collected = Collected()
        out.fileHandleForReading.readabilityHandler = { collected.add($0.availableData, error: false) }
        err.fileHandleForReading.readabilityHandler = { collected.add($0.availableData, error: true) }
        try p.run()
        let deadline = Date().addingTimeInterval(30)
        while p.isRunning && !collected.stdout.contains(printed) && Date() < deadline { usleep(50_000) }
        if p.isRunning { act(p) }
        let stopBy = Date().addingTimeInterval(10)
        while p.isRunning && Date() < stopBy { usleep(50_000) }
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        out.fileHandleForReading.readabilityHandler = nil
        err.fileHandleForReading.readabilityHandler = nil
        collected.add(out.fileHandleForReading.readDataToEndOfFile(), error: false)
        collected.add(err.fileHandleForReading.readDataToEndOfFile(), error: true)
        return Result(status: p.terminationStatus, stdout: collected.stdout, stderr: collected.stderr)
    }

    /// Output gathered from the pipes' handlers, which run on other threads.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var out = Data(), err = Data()

        func add(_ data: Data, error: Bool) {
            lock.lock()
            defer { lock.unlock() }
            if error { err.append(data) } else { out.append(data) }
        }

        var stdout: String { lock.lock(); defer { lock.unlock() }; return String(decoding: out, as: UTF8.self) }
        var stderr: String { lock.lock(); defer { lock.unlock() }; return String(decoding: err, as: UTF8.self) }
    }
}
