import Foundation
import VigilTestServers
import XCTest

/// `vigil run` of the error-spike runbook against a real Alertmanager: the dry run delivers
/// nothing, the run alerts the on-call, and `vigil journal show RUN --format markdown` prints
/// the incident timeline (steps, answers, observed values, actions and their outcomes).
final class RunbookDeliveryTests: XCTestCase {
    var alertmanager: TestAlertmanager!
    var folder: URL!
    var runbook: String!
    var journal: String!
    let data = ["--data", "examples/data/runbook-error-spike.csv", "--at", "2025-01-15T14:25:00Z"]

    override func setUp() async throws {
        do { alertmanager = try await TestAlertmanager.start() } catch ServerError.missingBinary(let why) {
            throw XCTSkip(why)
        }
        folder = try TemporaryDirectory.make("vigil-runbook-delivery")
        // The example as shipped, its receiver pointed at this test's Alertmanager.
        let example = try String(contentsOf: VigilBinary.repoRoot.appendingPathComponent("examples/runbook-error-spike.vigil"),
                                 encoding: .utf8)
        XCTAssertTrue(example.contains(#"alertmanager("http://127.0.0.1:9093")"#))
        let file = folder.appendingPathComponent("runbook-error-spike.vigil")
        try example.replacingOccurrences(of: "http://127.0.0.1:9093", with: alertmanager.baseURL)
            .write(to: file, atomically: true, encoding: .utf8)
        runbook = file.path
        journal = folder.appendingPathComponent("journal.sqlite").path
    }

    override func tearDown() {
        alertmanager?.stop()
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    func runID(_ output: String) throws -> String {
        let line = try XCTUnwrap(output.split(separator: "\n").first { $0.hasPrefix("journaled as run ") }, output)
        return String(line.dropFirst("journaled as run ".count).prefix { $0 != " " })
    }

    func testDryRunDeliversNothingThenTheRunAlertsAlertmanagerAndTheTimelineSaysSo() async throws {
        let dry = try VigilBinary.run(["run", runbook, "--dry-run", "--yes", "--journal", journal] + data)
        XCTAssertEqual(dry.status, 0, dry.combined)
        XCTAssertTrue(dry.stdout.contains(#"  plan: notify("api-oncall", "api error rate 2.73333%: rolled back to v1.4.2 by the runbook") → target api-oncall (alertmanager(\#(alertmanager.baseURL)))"#), dry.stdout)
        try await Task.sleep(nanoseconds: 300_000_000)
        let afterDryRun = try await alertmanager.activeAlerts()
        XCTAssertEqual(afterDryRun.count, 0, "a dry run delivered: \(afterDryRun)")
        let dryTimeline = try VigilBinary.run(["journal", "show", try runID(dry.stdout), "--db", journal, "--format", "markdown"])
        XCTAssertTrue(dryTimeline.stdout.contains("dry run (nothing delivered)"), dryTimeline.stdout)
        XCTAssertTrue(dryTimeline.stdout.contains(#"| `notify("api-oncall", "api error rate 2.73333%: rolled back to v1.4.2 by the runbook")` | alertmanager(\#(alertmanager.baseURL)) | planned |"#), dryTimeline.stdout)

        let run = try VigilBinary.run(["run", runbook, "--yes", "--journal", journal] + data)
        XCTAssertEqual(run.status, 0, run.combined)
        XCTAssertTrue(run.stdout.contains(#"  action: notify("api-oncall", "api error rate 2.73333%: rolled back to v1.4.2 by the runbook") → target api-oncall: delivered to alertmanager(\#(alertmanager.baseURL))"#), run.stdout)
        // The verify held: the problem is gone, so the alert the run sent is resolved.
        XCTAssertTrue(run.stdout.contains("resolved 1 of 1 alert this run sent: verify held\n"), run.stdout)
        let alerts = try await alertmanager.activeAlerts()
        XCTAssertEqual(alerts.count, 0, "\(alerts)")

        let id = try runID(run.stdout)
        let timeline = try VigilBinary.run(["journal", "show", id, "--db", journal, "--format", "markdown"])
        XCTAssertEqual(timeline.status, 0, timeline.combined)
        let text = timeline.stdout
        XCTAssertTrue(text.contains("Run `\(id)`, delivering"), text)
        XCTAssertTrue(text.contains("| 2025-01-15T14:25:00Z | runbook API error rate spike, step 1: Find the failing endpoint | "
                                    + #"{endpoint="/checkout"} 8%, {endpoint="/login"} 0.1%, {endpoint="/search"} 0.1% | | output | |"#), text)
        XCTAssertTrue(text.contains(#"| runbook API error rate spike, step 2: Roll back the release | confirm "Roll back api to v1.4.2?": yes (--yes) | | answer | |"#), text)
        XCTAssertTrue(text.contains(#"| `notify("api-oncall", "api error rate 2.73333%: rolled back to v1.4.2 by the runbook")` | alertmanager(\#(alertmanager.baseURL)) | delivered after 1 attempt |"#), text)
        XCTAssertTrue(text.contains(#"| `rollback("api", to: "v1.4.2")` | in process | delivered |"#), text)
        XCTAssertTrue(text.contains(#"| runbook API error rate spike, resolved | `resolve notify("api-oncall", "api error rate 2.73333%: rolled back to v1.4.2 by the runbook")` | alertmanager(\#(alertmanager.baseURL)) | delivered after 1 attempt |"#), text)
        XCTAssertTrue(text.contains("| runbook API error rate spike, verify | verify error_rate < 0.5% within 15m: holds after "), text)
        XCTAssertTrue(text.contains(#"| runbook API error rate spike, end | runbook "API error rate spike" done | | finished | |"#), text)
        let list = try VigilBinary.run(["journal", "--db", journal])
        XCTAssertTrue(list.stdout.contains("\(id)  "), list.stdout)
        XCTAssertTrue(list.stdout.contains("vigil run \(runbook!)  4 delivered"), list.stdout)
    }

    /// Without a terminal and without --yes the answer is no: the on-call is paged, P1; the
    /// error rate then falls under 0.5%, the verify holds and the page is resolved.
    func testADeclinedRollbackPagesTheOnCall() async throws {
        let run = try VigilBinary.run(["run", runbook, "--journal", journal] + data)
        XCTAssertEqual(run.status, 0, run.combined)
        XCTAssertTrue(run.stdout.contains("  confirm \"Roll back api to v1.4.2?\": no (no terminal and no --yes)\n"), run.stdout)
        XCTAssertFalse(run.stdout.contains("rollback("), run.stdout)
        XCTAssertTrue(run.stdout.contains(#"  action: page("api-oncall", "api error rate 2.73333%, rollback declined", severity: P1) → target api-oncall: delivered to alertmanager("#), run.stdout)
        XCTAssertTrue(run.stdout.contains("resolved 1 of 1 alert this run sent: verify held\n"), run.stdout)
        let alerts = try await alertmanager.activeAlerts()
        XCTAssertEqual(alerts.count, 0, "\(alerts)")
    }

    /// A verify that does not hold: the run fails, and its page stays active in Alertmanager
    /// (until its `endsAt`, four resend periods on: nothing re-sends a run's page).
    func testAVerifyThatTimesOutExitsOneWithTheObservedValue() async throws {
        let r = try VigilBinary.run(["run", runbook, "--journal", journal, "--data", "examples/data/runbook-error-spike.csv",
                                     "--at", "2025-01-15T14:12:00Z"])
        XCTAssertEqual(r.status, 1, r.combined)
        XCTAssertTrue(r.stdout.contains("verify error_rate < 0.5% within 15m: does not hold after 15m: error_rate = "), r.stdout)
        XCTAssertTrue(r.stderr.hasPrefix("vigil: verify error_rate < 0.5% within 15m did not hold in time: error_rate = "), r.stderr)
        XCTAssertFalse(r.stdout.contains("resolved"), r.stdout)
        let alerts = try await alertmanager.activeAlerts()
        XCTAssertEqual(alerts.count, 1, "\(alerts)")
        let labels = alerts.first?["labels"] as? [String: String]
        XCTAssertEqual(labels, ["alertname": "API error rate spike", "service": "api", "severity": "P1"])
        let annotations = alerts.first?["annotations"] as? [String: String]
        XCTAssertEqual(annotations?["summary"]?.hasSuffix("rollback declined"), true, "\(alerts)")
        let ends = try XCTUnwrap((alerts.first?["endsAt"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
        XCTAssertEqual(ends.timeIntervalSinceNow, 240, accuracy: 30, "a run's page ends four resend periods on")
    }

    /// A receiver that never answers: retried, then a dead letter, and the run fails saying which.
    func testAnUnreachableReceiverFailsTheRunWithTheDeadLetter() throws {
        let text = try String(contentsOfFile: runbook, encoding: .utf8)
            .replacingOccurrences(of: alertmanager.baseURL, with: "http://127.0.0.1:9")
        try text.write(toFile: runbook, atomically: true, encoding: .utf8)
        let run = try VigilBinary.run(["run", runbook, "--journal", journal] + data)
        XCTAssertEqual(run.status, 1, run.combined)
        XCTAssertTrue(run.stdout.contains(#"  action: page("api-oncall", "api error rate 2.73333%, rollback declined", severity: P1) → target api-oncall: NOT delivered (alertmanager(http://127.0.0.1:9)): "#), run.stdout)
        XCTAssertTrue(run.stderr.contains(#"vigil: 1 action was not delivered: page("api-oncall", "api error rate 2.73333%, rollback declined", severity: P1) → target api-oncall: "#), run.stderr)
        let timeline = try VigilBinary.run(["journal", "show", try runID(run.stdout), "--db", journal, "--format", "markdown"])
        XCTAssertTrue(timeline.stdout.contains("| dead-letter after 4 attempts: "), timeline.stdout)
    }

    /// A receiver the script does not declare: a dead letter at once, named in the failure.
    func testAnUndeclaredReceiverIsADeadLetter() throws {
        let text = try String(contentsOfFile: runbook, encoding: .utf8)
            .replacingOccurrences(of: #"receiver "api-oncall""#, with: #"receiver "web-oncall""#)
        try text.write(toFile: runbook, atomically: true, encoding: .utf8)
        let run = try VigilBinary.run(["run", runbook, "--journal", journal] + data)
        XCTAssertEqual(run.status, 1, run.combined)
        XCTAssertTrue(run.stderr.contains(#"not delivered: page("api-oncall", "api error rate 2.73333%, rollback declined", severity: P1) → target api-oncall: no receiver named "api-oncall" is declared"#), run.stderr)
    }
}
