import Foundation
import XCTest

/// `vigil run FILE [NAME] [--dry-run] [--yes] [--allow-exec NAME]` on the runbook example
/// and its bundled data (examples/runbook-error-spike.expected holds the dry run).
final class RunbookCommandLineTests: XCTestCase {
    let data = ["--data", "examples/data/runbook-error-spike.csv", "--at", "2025-01-15T14:25:00Z"]
    let example = "examples/runbook-error-spike.vigil"

    func testYesAnswersTheConfirmationTakesTheRollbackAndVerifies() throws {
        let r = try VigilBinary.run(["run", example, "API error rate spike", "--yes"] + data)
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("  confirm \"Roll back api to v1.4.2?\": yes (--yes)\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("  action: rollback(\"api\", to: \"v1.4.2\") → target api: recorded, not delivered"), r.stdout)
        XCTAssertTrue(r.stdout.contains("verify error_rate < 0.5% within 15m: holds after "), r.stdout)
        XCTAssertFalse(r.stdout.contains("page("), r.stdout)
    }

    func testWithoutATerminalOrYesTheAnswerIsNoAndTheOnCallIsPaged() throws {
        let r = try VigilBinary.run(["run", example] + data)
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("  confirm \"Roll back api to v1.4.2?\": no (no terminal and no --yes)\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("  action: page(\"api-oncall\", "), r.stdout)
        XCTAssertFalse(r.stdout.contains("rollback("), r.stdout)
    }

    func testAVerifyThatTimesOutExitsOneWithTheObservedValue() throws {
        let r = try VigilBinary.run(["run", example, "--data", "examples/data/runbook-error-spike.csv",
                                     "--at", "2025-01-15T14:12:00Z"])
        XCTAssertEqual(r.status, 1, r.combined)
        XCTAssertTrue(r.stdout.contains("verify error_rate < 0.5% within 15m: does not hold after 15m: error_rate = "), r.stdout)
        XCTAssertTrue(r.stderr.hasPrefix("vigil: verify error_rate < 0.5% within 15m did not hold in time: error_rate = "), r.stderr)
    }

    func testExecRunsOnlyWhatTheCommandLineAllows() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-runbook-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("exec.vigil")
        try """
        runbook "restart" {
          step "restart" { exec("echo", ["restarting", "deployment/api"]) }
        }
        """.write(to: file, atomically: true, encoding: .utf8)
        let allowed = try VigilBinary.run(["run", file.path, "--allow-exec", "echo"])
        XCTAssertEqual(allowed.status, 0, allowed.combined)
        XCTAssertTrue(allowed.stdout.contains("\n    restarting deployment/api\n"), allowed.stdout)
        let refused = try VigilBinary.run(["run", file.path])
        XCTAssertEqual(refused.status, 2, refused.combined)
        XCTAssertTrue(refused.stderr.contains("error: `echo` may not run: only programs named by --allow-exec on the command line can "
                                              + "(no program is allowed); add `--allow-exec echo` to allow it"), refused.stderr)
        let otherProgram = try VigilBinary.run(["run", file.path, "--allow-exec", "sh"])
        XCTAssertEqual(otherProgram.status, 2, otherProgram.combined)
        XCTAssertTrue(otherProgram.stderr.contains("(allowed: `sh`); add `--allow-exec echo` to allow it"), otherProgram.stderr)
    }

    /// A runbook's `trigger` is a rule in `vigil watch`: when it fires, the runbook runs.
    func testWatchStartsARunbookWhenItsTriggerFires() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-trigger-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let now = Int(Date().timeIntervalSince1970) / 60 * 60
        let formatter = ISO8601DateFormatter()
        var csv = "timestamp,metric,service,code,value\n"
        for minute in 0...10 {
            let stamp = formatter.string(from: Date(timeIntervalSince1970: Double(now - 600 + minute * 60)))
            csv += "\(stamp),http_requests_total,api,500,\(minute * 5)\n\(stamp),http_requests_total,api,200,\(minute * 95)\n"
        }
        let data = dir.appendingPathComponent("api.csv"), file = dir.appendingPathComponent("watch.vigil")
        try csv.write(to: data, atomically: true, encoding: .utf8)
        try """
        service api {
          signal error_rate = ratio(series("http_requests_total", code: ~"5.."), series("http_requests_total"), 5m)
        }
        runbook "spike" {
          service api
          trigger when error_rate > 1%
          step "page" { page("api-oncall", "errors at {error_rate}") }
        }
        """.write(to: file, atomically: true, encoding: .utf8)
        let r = try VigilBinary.run(["watch", file.path, "--data", data.path, "--once", "--dry-run"])
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("rule \"trigger of runbook spike\""), r.stdout)
        XCTAssertTrue(r.stdout.contains("inactive → firing"), r.stdout)
        XCTAssertTrue(r.stdout.contains("runbook \"spike\" — dry run: every action is planned, none is delivered\nstep 1: page\n"
                                        + "  plan: page(\"api-oncall\", \"errors at 5%\") → target api-oncall\n"), r.stdout)
    }

    func testAnUnknownNameListsTheRunbooks() throws {
        let r = try VigilBinary.run(["run", example, "API error spike"] + data)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("no canary or runbook named `API error spike`"), r.stderr)
        XCTAssertTrue(r.stderr.contains("(its runbooks: `API error rate spike`)"), r.stderr)
    }
}

/// `confirm` at a real terminal: the question goes through readline and the answer decides.
final class RunbookTerminalTests: XCTestCase {
    func testConfirmAsksOnTheTerminal() throws {
        let args = ["run", "examples/runbook-error-spike.vigil", "--dry-run", "--data", "examples/data/runbook-error-spike.csv",
                    "--at", "2025-01-15T14:25:00Z"]
        let yes = try PseudoTerminal(args, environment: [:])
        yes.expect("Roll back api to v1.4.2? [y/N] ")
        yes.send("y\r")
        yes.expect("confirm \"Roll back api to v1.4.2?\": yes (answered on the terminal)")
        yes.expect("plan: rollback(\"api\", to: \"v1.4.2\") → target api")
        XCTAssertEqual(yes.waitForExit(), 0)
        let no = try PseudoTerminal(args, environment: [:])
        no.expect("Roll back api to v1.4.2? [y/N] ")
        no.send("\r")
        no.expect("confirm \"Roll back api to v1.4.2?\": no (answered on the terminal)")
        no.expect("plan: page(\"api-oncall\"")
        XCTAssertEqual(no.waitForExit(), 0)
    }
}
