import Foundation
import XCTest
import VigilActions

/// `exec` runs only programs named on the command line: not by another path, not through a
/// shell, not through a PATH the script could influence.
final class ExecTests: XCTestCase {
    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-exec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func testOnlyAllowedNamesResolveAndOthersAreRefusedNamingTheFlag() throws {
        let allowed = AllowedPrograms(["echo"], path: "/usr/bin:/bin")
        guard case .success(let echo) = allowed.executable(for: "echo") else { return XCTFail("echo must resolve") }
        XCTAssertTrue(echo.hasPrefix("/") && echo.hasSuffix("/echo"), echo)
        for program in ["sh", "bash", "/bin/sh", "./echo", "../bin/echo", "/usr/bin/../bin/echo", "echo ", "ECHO", "echo;sh", ""] {
            guard case .failure(let refusal) = allowed.executable(for: program) else {
                XCTFail("`\(program)` must be refused"); continue
            }
            XCTAssertEqual(refusal.reason, "`\(program)` may not run: only programs named by --allow-exec on the command line can "
                           + "(allowed: `echo`); add `--allow-exec \(program)` to allow it")
        }
    }

    func testAnAllowedNameResolvesThroughTheOperatorsPathOnlyAndNeverARelativeEntry() throws {
        let dir = try temporaryDirectory()
        let fake = dir.appendingPathComponent("echo")
        try "#!/bin/sh\necho pwned\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        // A relative or empty PATH entry (the working directory) is never searched.
        let cwd = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(dir.path))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(cwd) }
        let relative = AllowedPrograms(["echo"], path: ".::bin")
        guard case .failure(let refusal) = relative.executable(for: "echo") else { return XCTFail("nothing may resolve") }
        XCTAssertEqual(refusal.reason, "`echo` is allowed but was not found on PATH")
        // The fake is reached only by naming its exact absolute path on the command line.
        XCTAssertEqual(try AllowedPrograms([fake.path]).executable(for: fake.path).get(), fake.path)
        guard case .failure = AllowedPrograms(["echo"], path: "/usr/bin:/bin").executable(for: fake.path) else {
            return XCTFail("another file named echo must not run")
        }
    }

    func testArgumentsAreAVectorNotAShellLine() throws {
        let dir = try temporaryDirectory()
        let marker = dir.appendingPathComponent("pwned").path
        let echo = try AllowedPrograms(["echo"]).executable(for: "echo").get()
        let outcome = try ProgramRunner().run(echo, ["a;", "$(touch \(marker))", "`id`", "*"])
        XCTAssertEqual(outcome.status, 0)
        XCTAssertEqual(outcome.stdout, "a; $(touch \(marker)) `id` *\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker), "a shell ran the argument")
    }

    func testOutputAndStatusAreCapturedAndATimeoutKills() throws {
        let sh = try AllowedPrograms(["sh"]).executable(for: "sh").get()
        let failed = try ProgramRunner().run(sh, ["-c", "echo out; echo err >&2; exit 3"])
        XCTAssertEqual(failed.status, 3)
        XCTAssertEqual(failed.stdout, "out\n")
        XCTAssertEqual(failed.stderr, "err\n")
        XCTAssertFalse(failed.succeeded)
        let slow = try ProgramRunner(timeout: 0.3).run(sh, ["-c", "sleep 5"])
        XCTAssertTrue(slow.timedOut)
        XCTAssertNil(slow.status)
        XCTAssertLessThan(slow.seconds, 3)
        XCTAssertTrue(slow.summary.hasPrefix("killed after the timeout"), slow.summary)
    }
}
