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

    /// `vigil watch` on the wall clock: an alert that resolves is reported resolved at its
    /// group's next flush. Through a receiver without grouping Alertmanager hears the
    /// resolution at once; through one flushing every hour it still holds the alert.
    func testAResolutionWaitsForItsGroupsNextFlushInAlertmanager() async throws {
        let alertmanager: TestAlertmanager
        do { alertmanager = try await TestAlertmanager.start() } catch ServerError.missingBinary(let why) { throw XCTSkip(why) }
        defer { alertmanager.stop() }
        let folder = try TemporaryDirectory.make("vigil-held-resolution")
        defer { try? FileManager.default.removeItem(at: folder) }
        // up is 0 from two minutes ago until 6s from now, then 1.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let samples = stride(from: now - 120_000, through: now + 60_000, by: 1_000).map { "up{instance=\"i1\"} \($0 < now + 6_000 ? 0 : 1) \($0)" }
        let data = folder.appendingPathComponent("up.prom").path
        try (["# TYPE up gauge"] + samples).joined(separator: "\n").appending("\n").write(toFile: data, atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent("down.vigil").path
        try """
        receiver "hourly" alertmanager("\(alertmanager.baseURL)", group_wait: 1s, group_interval: 1h)
        receiver "direct" alertmanager("\(alertmanager.baseURL)")
        rule "down, grouped hourly" { every 1s; when series("up") == 0; then page("hourly", "down") }
        rule "down, direct" { every 1s; when series("up") == 0; then page("direct", "down") }
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("j.sqlite").path
        let run = try VigilBinary.run(["watch", "--data", data, "--journal", db, "--for", "12s", file])
        XCTAssertEqual(run.status, 0, run.combined)
        XCTAssertTrue(run.stdout.contains("firing → inactive"), run.stdout)

        let alerts = try await alertmanager.activeAlerts()
        XCTAssertEqual(alerts.compactMap { ($0["labels"] as? [String: String])?["alertname"] }, ["down, grouped hourly"], "\(alerts)")
        let list = try VigilBinary.run(["journal", "--db", db])
        let journal = try VigilBinary.run(["journal", "show", String(list.stdout.prefix { $0 != " " }), "--db", db]).stdout
        XCTAssertTrue(journal.contains(#"resolution  resolve page("hourly", "down") — resolved: held for group hourly{}'s next flush at "#), journal)
        XCTAssertTrue(journal.contains(#"resolution  resolve page("direct", "down") — resolved: sent at once"#), journal)
        XCTAssertTrue(journal.contains(#"delivered   resolve page("direct", "down") → alertmanager("#), journal)
        XCTAssertFalse(journal.contains(#"resolve page("hourly", "down") → "#), journal)
    }

    /// `vigil watch` on the wall clock: an alert queued for its group's first flush that
    /// resolves before it is withdrawn, and Alertmanager never receives it, firing or
    /// resolved. The same alert through a receiver without grouping is received firing, then
    /// resolved: what Alertmanager counts is exactly that one alert.
    func testAQueuedAlertResolvedBeforeItsFlushNeverReachesAlertmanager() async throws {
        let alertmanager: TestAlertmanager
        do { alertmanager = try await TestAlertmanager.start() } catch ServerError.missingBinary(let why) { throw XCTSkip(why) }
        defer { alertmanager.stop() }
        let folder = try TemporaryDirectory.make("vigil-withdrawn")
        defer { try? FileManager.default.removeItem(at: folder) }
        // up is 0 from two minutes ago until 8s from now, then 1: it resolves long before the
        // queued receiver's first flush, 20s after it fired, and the watch runs past that flush.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let samples = stride(from: now - 120_000, through: now + 60_000, by: 1_000).map { "up{instance=\"i1\"} \($0 < now + 8_000 ? 0 : 1) \($0)" }
        let data = folder.appendingPathComponent("up.prom").path
        try (["# TYPE up gauge"] + samples).joined(separator: "\n").appending("\n").write(toFile: data, atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent("down.vigil").path
        try """
        receiver "queued" alertmanager("\(alertmanager.baseURL)", group_wait: 20s)
        receiver "direct" alertmanager("\(alertmanager.baseURL)")
        rule "down, queued" { every 1s; when series("up") == 0; then page("queued", "down") }
        rule "down, direct" { every 1s; when series("up") == 0; then page("direct", "down") }
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("j.sqlite").path
        let run = try VigilBinary.run(["watch", "--data", data, "--journal", db, "--for", "25s", file])
        XCTAssertEqual(run.status, 0, run.combined)
        XCTAssertTrue(run.stdout.contains("3 actions journaled: 2 delivered, 1 withdrawn; notifications: 1 sent, 1 grouped, 1 withdrawn"),
                      run.stdout)

        let firing = try await alertmanager.counter("alertmanager_alerts_received_total", ["status": "firing"])
        let resolved = try await alertmanager.counter("alertmanager_alerts_received_total", ["status": "resolved"])
        let active = try await alertmanager.activeAlerts()
        XCTAssertEqual(firing, 1)
        XCTAssertEqual(resolved, 1)
        XCTAssertEqual(active.count, 0, "\(active)")
        let list = try VigilBinary.run(["journal", "--db", db])
        let journal = try VigilBinary.run(["journal", "show", String(list.stdout.prefix { $0 != " " }), "--db", db]).stdout
        XCTAssertTrue(journal.contains(#"withdrawn   page("queued", "down") — withdrawn — resolved before its group's first flush at "#), journal)
        XCTAssertTrue(journal.contains(#"withdrawn   page("queued", "down") → alertmanager(\#(alertmanager.baseURL))  attempts 0"#), journal)
        XCTAssertTrue(journal.contains(#"delivered   resolve page("direct", "down") → alertmanager("#), journal)
        XCTAssertFalse(journal.contains(#"resolve page("queued", "down")"#), journal)
    }

    /// `vigil watch` stopped and started again on the same journal: an alert firing in the
    /// second run joins the group whose `group_wait` the first run started, rather than
    /// starting a group of its own, and the alert the first run queued is not offered again.
    func testARestartedWatchJoinsTheGroupItsPredecessorStarted() throws {
        let folder = try TemporaryDirectory.make("vigil-watch-restart-groups")
        defer { try? FileManager.default.removeItem(at: folder) }
        // a is 1 throughout; b is 0 until 5s from now, then 1.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let samples = stride(from: now - 120_000, through: now + 60_000, by: 1_000).flatMap { t in
            ["a{service=\"checkout\"} 1 \(t)", "b{service=\"checkout\"} \(t < now + 5_000 ? 0 : 1) \(t)"]
        }
        let data = folder.appendingPathComponent("ab.prom").path
        try (["# TYPE a gauge", "# TYPE b gauge"] + samples).joined(separator: "\n").appending("\n").write(toFile: data, atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent("ab.vigil").path
        try """
        receiver "oncall" alertmanager("http://127.0.0.1:9", group_by: ["service"], group_wait: 1h)
        rule "a" { every 1s; when series("a") > 0; then page("oncall", "a") }
        rule "b" { every 1s; when series("b") > 0; then page("oncall", "b") }
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("j.sqlite").path
        let first = try VigilBinary.run(["watch", "--data", data, "--journal", db, "--once", file])
        XCTAssertEqual(first.status, 0, first.combined)
        let second = try VigilBinary.run(["watch", "--data", data, "--journal", db, "--for", "8s", file])
        XCTAssertEqual(second.status, 0, second.combined)
        XCTAssertTrue(second.stdout.contains("resumed 1 pending or firing label set from the last run"), second.stdout)

        let list = try VigilBinary.run(["journal", "--db", db]).stdout
        let runs = list.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
        XCTAssertEqual(runs.count, 2, list)
        let firstRun = try VigilBinary.run(["journal", "show", runs[1], "--db", db]).stdout
        let secondRun = try VigilBinary.run(["journal", "show", runs[0], "--db", db]).stdout
        let queued = try XCTUnwrap(firstRun.range(of: #"grouped     page("oncall", "a") — grouped: first alert of a new group waits group_wait 1h; sent at "#), firstRun)
        let flush = String(firstRun[queued.upperBound...].prefix(8))
        XCTAssertTrue(secondRun.contains(#"grouped     page("oncall", "b") — grouped: joins group oncall{service="checkout"}, next flush (group_interval 5m); sent at \#(flush)"#), secondRun)
        XCTAssertFalse(secondRun.contains(#"page("oncall", "a")"#), secondRun)
    }
}
