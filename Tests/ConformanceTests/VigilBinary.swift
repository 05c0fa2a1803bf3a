import Foundation
import XCTest

/// Runs the built `vigil` executable the way a user would, from the repository root.
enum VigilBinary {
    static let repoRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static var executable: URL? {
        var dir = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("vigil")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return nil
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// What a person sees in a terminal: stdout, then stderr.
        var combined: String { stdout + stderr }
    }

    /// Runs `vigil args…` with no terminal on stdin, as CI does.
    static func run(_ args: [String], stdin: String = "") throws -> Result {
        try run(args, stdin: stdin, environment: [:], directory: nil)
    }

    /// `vigil args…` with some environment variables changed (an empty value removes one)
    /// and, when given, from another working directory.
    static func run(_ args: [String], stdin: String = "", environment: [String: String], directory: URL?) throws -> Result {
        let p = try process(args)
        var env = p.environment ?? [:]
        for (name, value) in environment { env[name] = value.isEmpty ? nil : value }
        p.environment = env
        if let directory { p.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }

    /// `vigil args…` ready to start from the repository root, with the test environment.
    static func process(_ args: [String]) throws -> Process {
        guard let exe = executable else {
            throw XCTSkip("the vigil executable was not found next to the test bundle")
        }
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        p.currentDirectoryURL = repoRoot
        var env = ProcessInfo.processInfo.environment
        env["VIGIL_STDLIB"] = repoRoot.appendingPathComponent("stdlib").path
        // Canaries record deployments: never in the user's home database.
        env["VIGIL_DB"] = ":memory:"
        p.environment = env
        return p
    }
}
