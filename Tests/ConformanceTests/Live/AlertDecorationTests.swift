import Foundation
import VigilTestServers
import XCTest

/// A rule's `severity`, `summary`, `description`, `runbook "URL"`, `labels {…}` and
/// `annotations {…}` reach the alerts its actions raise, through the one actions layer:
/// what a real Alertmanager holds, and the JSON body a real webhook receiver gets. A runbook
/// its trigger starts sends alerts carrying its own labels, held while the trigger fires and
/// resolved when it resolves.
final class AlertDecorationTests: XCTestCase {
    var alertmanager: TestAlertmanager!
    var receiver: TestHTTPReceiver!
    var folder: URL!

    override func setUp() async throws {
        do { alertmanager = try await TestAlertmanager.start() } catch ServerError.missingBinary(let why) {
            throw XCTSkip(why)
        }
        receiver = try TestHTTPReceiver()
        folder = try TemporaryDirectory.make("vigil-alert-decoration")
    }

    override func tearDown() {
        alertmanager?.stop()
        receiver?.stop()
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    /// `up{instance="i1"}` is 0 from two minutes ago for `downFor` seconds, then 1.
    func data(downFor seconds: Int64) throws -> String {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var lines = ["# TYPE up gauge"]
        for t in stride(from: now - 120_000, through: now + 600_000, by: 1_000) {
            lines.append("up{instance=\"i1\"} \(t < now + seconds * 1000 ? 0 : 1) \(t)")
        }
        let path = folder.appendingPathComponent("up.prom").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func write(_ text: String) throws -> String {
        let path = folder.appendingPathComponent("rules.vigil").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testRuleSettingsReachAlertmanagerAndTheWebhookBody() async throws {
        let file = try write("""
            receiver "oncall" alertmanager("\(alertmanager.baseURL)")
            rule "instance down" {
              every 1s
              severity P2
              summary "an instance stopped answering"
              description "up is 0: the scrape failed"
              runbook "https://runbooks.example.com/instance-down"
              labels { team: "payments", tier: 1 }
              annotations { dashboard: "https://grafana.example.com/d/up" }
              when series("up") == 0
              then page("oncall", severity: P1), webhook("\(receiver.baseURL)/hook")
            }

            """)
        let journal = folder.appendingPathComponent("journal.sqlite").path
        let run = try VigilBinary.run(["watch", "--data", try data(downFor: 600), "--journal", journal, "--for", "2s", file])
        XCTAssertEqual(run.status, 0, run.combined)

        let alerts = try await alertmanager.activeAlerts()
        XCTAssertEqual(alerts.count, 1, "\(alerts)")
        let labels = try XCTUnwrap(alerts.first?["labels"] as? [String: String])
        // The call's own severity is the most specific; the rule's labels join the series'.
        XCTAssertEqual(labels, ["alertname": "instance down", "instance": "i1", "severity": "P1", "team": "payments", "tier": "1"])
        let annotations = try XCTUnwrap(alerts.first?["annotations"] as? [String: String])
        XCTAssertEqual(annotations["runbook_url"], "https://runbooks.example.com/instance-down")
        XCTAssertEqual(annotations["summary"], "an instance stopped answering")
        XCTAssertEqual(annotations["description"], "up is 0: the scrape failed")
        XCTAssertEqual(annotations["dashboard"], "https://grafana.example.com/d/up")
        XCTAssertEqual(annotations["observed"], "series(\"up\") = 0 == 0", "\(annotations)")

        let hook = try XCTUnwrap(receiver.requests.first, run.combined)
        let body = try XCTUnwrap(JSONSerialization.jsonObject(with: hook.body) as? [String: Any])
        // The webhook call names no severity: the rule's is its.
        XCTAssertEqual(body["labels"] as? [String: String], labels.merging(["severity": "P2"]) { _, rule in rule })
        let sent = try XCTUnwrap(body["annotations"] as? [String: String])
        XCTAssertEqual(sent["runbook_url"], "https://runbooks.example.com/instance-down")
        XCTAssertEqual(sent["dashboard"], "https://grafana.example.com/d/up")
    }

    /// Without a severity in the call, the rule's `severity` is the alert's.
    func testTheRuleSeverityIsTheAlertsWhenTheCallGivesNone() async throws {
        let file = try write("""
            receiver "oncall" alertmanager("\(alertmanager.baseURL)")
            rule "instance down" {
              every 1s
              severity P3
              when series("up") == 0
              then page("oncall", "down")
            }

            """)
        let run = try VigilBinary.run(["watch", "--data", try data(downFor: 600), "--journal",
                                       folder.appendingPathComponent("j.sqlite").path, "--for", "2s", file])
        XCTAssertEqual(run.status, 0, run.combined)
        let alerts = try await alertmanager.activeAlerts()
        XCTAssertEqual((alerts.first?["labels"] as? [String: String])?["severity"], "P3", "\(alerts)")
    }

    /// A runbook started by its trigger: its page carries the runbook's labels and the
    /// trigger's label set, stays active while the trigger fires and resolves with it.
    func testATriggeredRunbooksPageResolvesWithItsTrigger() async throws {
        let file = try write("""
            receiver "oncall" alertmanager("\(alertmanager.baseURL)")
            runbook "instance down" {
              severity P2
              labels { team: "payments" }
              annotations { runbook_url: "https://runbooks.example.com/instance-down" }
              trigger when series("up") == 0 for 1s
              step "Page" { page("oncall", "an instance is down") }
            }

            """)
        let watch = try WatchProcess(["watch", "--data", try data(downFor: 6), "--journal",
                                      folder.appendingPathComponent("j.sqlite").path, "--every", "1s", "--for", "15s", file])
        defer { if watch.process.isRunning { watch.kill9() } }
        XCTAssertTrue(WatchProcess.wait(10) { watch.printed.contains("delivered page(\"oncall\"") }, watch.printed)
        let firing = try await alertmanager.activeAlerts()
        XCTAssertEqual(firing.count, 1, "\(firing)\n\(watch.printed)")
        XCTAssertEqual(firing.first?["labels"] as? [String: String],
                       ["alertname": "instance down", "instance": "i1", "severity": "P2", "team": "payments"])
        XCTAssertEqual((firing.first?["annotations"] as? [String: String])?["runbook_url"], "https://runbooks.example.com/instance-down")
        // The instance is back 6s after the start: the trigger resolves, and so does the page.
        var left = firing
        for _ in 0..<40 where !left.isEmpty {
            try await Task.sleep(nanoseconds: 250_000_000)
            left = try await alertmanager.activeAlerts()
        }
        XCTAssertEqual(left.count, 0, "the runbook's alert did not resolve with its trigger: \(left)\n\(watch.printed)")
        XCTAssertTrue(watch.printed.contains("delivered resolve page(\"oncall\", \"an instance is down\")"), watch.printed)
    }
}
