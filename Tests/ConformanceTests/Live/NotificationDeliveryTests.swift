import Foundation
import VigilTestServers
import XCTest

/// Runbook pages against a real Alertmanager, one `vigil run` after another on the same
/// journal: a silence set by one run mutes the next run's page, and a page the on-call
/// already has is suppressed as a duplicate and counted. Alertmanager holds only the alert
/// that was sent.
final class NotificationDeliveryTests: XCTestCase {
    func testASilenceAndADuplicateKeepPagesFromAlertmanager() async throws {
        let alertmanager: TestAlertmanager
        do { alertmanager = try await TestAlertmanager.start() } catch ServerError.missingBinary(let why) { throw XCTSkip(why) }
        defer { alertmanager.stop() }
        let folder = try TemporaryDirectory.make("vigil-notifications")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("pages.vigil").path, journal = folder.appendingPathComponent("j.sqlite").path
        try """
        receiver "oncall" alertmanager("\(alertmanager.baseURL)")
        service search {}
        service api {}
        runbook "search maintenance" {
          step "silence search" { silence({service: "search"}, for: 1h) }
        }
        runbook "search down" {
          service search
          step "page" { page("oncall", "search is down", severity: P1) }
        }
        runbook "api down" {
          service api
          step "page" { page("oncall", "api is down", severity: P1) }
        }
        """.write(toFile: file, atomically: true, encoding: .utf8)
        func run(_ name: String) throws -> String {
            let r = try VigilBinary.run(["run", file, name, "--journal", journal])
            XCTAssertEqual(r.status, 0, r.combined)
            return r.stdout
        }
        _ = try run("search maintenance")
        let silenced = try run("search down")
        XCTAssertTrue(silenced.contains(#"  action: page("oncall", "search is down", severity: P1) → target oncall: not sent — silenced by silence-"#), silenced)
        XCTAssertTrue(silenced.contains(#" {service="search"} until "#), silenced)
        let first = try run("api down")
        XCTAssertTrue(first.contains(#"  action: page("oncall", "api is down", severity: P1) → target oncall: delivered to alertmanager(\#(alertmanager.baseURL))"#), first)
        let again = try run("api down")
        XCTAssertTrue(again.contains(#"  action: page("oncall", "api is down", severity: P1) → target oncall: not sent — duplicate: the same alert was notified at "#), again)
        XCTAssertTrue(again.contains("and is still firing; repeat_interval 4h not passed"), again)

        let alerts = try await alertmanager.activeAlerts()
        XCTAssertEqual(alerts.compactMap { ($0["labels"] as? [String: String])?["alertname"] }, ["api down"], "\(alerts)")

        let list = try VigilBinary.run(["journal", "--db", journal])
        let last = String(list.stdout.prefix { $0 != " " })
        let timeline = try VigilBinary.run(["journal", "show", last, "--db", journal])
        XCTAssertEqual(timeline.status, 0, timeline.combined)
        XCTAssertTrue(timeline.stdout.contains("  duplicate   page(\"oncall\", \"api is down\", severity: P1) — duplicate: "), timeline.stdout)
        XCTAssertTrue(timeline.stdout.hasSuffix("notifications: 1 duplicate suppressed\n") || timeline.stdout.hasSuffix("notifications: 1 duplicate suppressed"),
                      timeline.stdout)
    }
}
