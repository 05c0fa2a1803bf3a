import Foundation
import VigilTestServers
import XCTest

/// `vigil run FILE [NAME] [--dry-run] [--yes] [--allow-exec NAME]` on the runbook example
/// and its bundled data (examples/runbook-error-spike.expected holds the dry run).
final class RunbookCommandLineTests: XCTestCase {
    let data = ["--data", "examples/data/runbook-error-spike.csv", "--at", "2025-01-15T14:25:00Z"]
    let example = "examples/runbook-error-spike.vigil"

    func testYesAnswersTheConfirmationAndPlansTheRollback() throws {
        let r = try VigilBinary.run(["run", example, "API error rate spike", "--yes", "--dry-run"] + data)
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("  confirm \"Roll back api to v1.4.2?\": yes (--yes)\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("  plan: rollback(\"api\", to: \"v1.4.2\") → target api\n"), r.stdout)
        XCTAssertFalse(r.stdout.contains("page("), r.stdout)
    }

    func testWithoutATerminalOrYesTheAnswerIsNoAndTheOnCallIsPaged() throws {
        let r = try VigilBinary.run(["run", example, "--dry-run"] + data)
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("  confirm \"Roll back api to v1.4.2?\": no (no terminal and no --yes)\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("  plan: page(\"api-oncall\", "), r.stdout)
        XCTAssertFalse(r.stdout.contains("rollback("), r.stdout)
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

    /// `exec` goes through the journal: the call, its outcome and its output, secrets masked in
    /// every row; a tripped guardrail is journaled with why.
    func testExecAndATrippedGuardrailAreJournaledWithSecretsMasked() throws {
        let dir = try TemporaryDirectory.make("vigil-runbook-exec")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("exec.vigil"), journal = dir.appendingPathComponent("j.sqlite").path
        try """
        runbook "restart" {
          limit exec to 1 per 1h
          step "restart" { exec("echo", ["token", env("VIGIL_TEST_TOKEN"), "deployment/api"]) }
          step "again" { exec("echo", ["second"]) }
        }
        """.write(to: file, atomically: true, encoding: .utf8)
        let secret = "s3cr3t-\(getpid())"
        let r = try VigilBinary.run(["run", file.path, "--allow-exec", "echo", "--journal", journal],
                                    environment: ["VIGIL_TEST_TOKEN": secret], directory: nil)
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertFalse(r.combined.contains(secret), r.combined)
        let run = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("journaled as run ") }, r.stdout)
            .dropFirst("journaled as run ".count).prefix { $0 != " " }
        let timeline = try VigilBinary.run(["journal", "show", String(run), "--db", journal, "--format", "markdown"])
        XCTAssertEqual(timeline.status, 0, timeline.combined)
        let text = timeline.stdout
        // Journaled before it ran, its outcome recorded on the same entry (output masked).
        XCTAssertTrue(text.contains(#"| `exec("echo", ["token", ****, "deployment/api"])` | program echo | delivered after 1 attempt: exit 0 in "#), text)
        XCTAssertTrue(text.contains(#"| exec: exec("echo", ["token", ****, "deployment/api"]) → program echo: exit 0 in "#), text)
        XCTAssertTrue(text.contains("|   token **** deployment/api | | output | |"), text)
        XCTAssertTrue(text.contains("| runbook restart, step 2: again | guardrail tripped: `limit exec to 1 per 1h`: 1 exec actions to echo "
                                    + #"in the last 1h, the most allowed is 1; exec("echo", ["second"]) not taken | | guardrail | |"#), text)
        XCTAssertFalse(text.contains(secret), text)
        let database = try String(contentsOfFile: journal, encoding: .isoLatin1)
            + ((try? String(contentsOfFile: journal + "-wal", encoding: .isoLatin1)) ?? "")
        XCTAssertFalse(database.contains(secret), "the secret reached the journal file")
    }

    /// A refused program is journaled as refused, with why, and never as taken.
    func testARefusedExecIsJournaledAsARefusal() throws {
        let dir = try TemporaryDirectory.make("vigil-runbook-refused")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("exec.vigil"), journal = dir.appendingPathComponent("j.sqlite").path
        try #"runbook "restart" { step "restart" { exec("sh", ["-c", "echo hi"]) } }"#.write(to: file, atomically: true, encoding: .utf8)
        let r = try VigilBinary.run(["run", file.path, "--journal", journal])
        XCTAssertEqual(r.status, 2, r.combined)
        let list = try VigilBinary.run(["journal", "--db", journal])
        XCTAssertTrue(list.stdout.contains("vigil run \(file.path)  no actions"), list.stdout)
        let run = String(list.stdout.prefix { $0 != " " })
        let timeline = try VigilBinary.run(["journal", "show", run, "--db", journal, "--format", "markdown"])
        XCTAssertTrue(timeline.stdout.contains(#"| refused: exec("sh", ["-c", "echo hi"]) → program sh: `sh` may not run: only programs named by --allow-exec on the command line can (no program is allowed); add `--allow-exec sh` to allow it | | guardrail | |"#), timeline.stdout)
        XCTAssertTrue(timeline.stdout.contains(#"| runbook restart, end | runbook "restart" stopped: `sh` may not run: "#), timeline.stdout)
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
