import Foundation
import VigilTestServers
import XCTest

/// An SLO's `alert multiwindow` with `page` and `ticket` receivers: a fast burn pages the
/// on-call through the notification dispatcher and the actions layer (a real Alertmanager
/// holds the page), and the ticket firing beside it is inhibited by it.
final class SLONotificationTests: XCTestCase {
    func testAFastBurnPagesTheSLOsReceiverAndInhibitsItsTicket() async throws {
        let alertmanager: TestAlertmanager
        do { alertmanager = try await TestAlertmanager.start() } catch ServerError.missingBinary(let why) { throw XCTSkip(why) }
        defer { alertmanager.stop() }
        let folder = try TemporaryDirectory.make("vigil-slo-notifications")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Half of checkout's requests fail for the last two hours: a 500x burn of a 99.9% SLO.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var lines = ["# TYPE http_requests_total counter"]
        for (i, t) in stride(from: now - 7_200_000, through: now + 60_000, by: 15_000).enumerated() {
            for code in ["200", "500"] { lines.append(#"http_requests_total{service="checkout",code="\#(code)"} \#(i * 10) \#(t)"#) }
        }
        let data = folder.appendingPathComponent("requests.prom").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: data, atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent("slo.vigil").path
        try """
        receiver "checkout-oncall" alertmanager("\(alertmanager.baseURL)")
        receiver "checkout-tickets" alertmanager("\(alertmanager.baseURL)")
        slo checkout_availability {
          service checkout
          objective 99.9%
          window 30d
          good  = series("http_requests_total", service: "checkout", code: !~"5..")
          total = series("http_requests_total", service: "checkout")
          alert multiwindow
          page "checkout-oncall"
          ticket "checkout-tickets"
        }
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("vigil.sqlite").path
        let run = try VigilBinary.run(["watch", "--data", data, "--db", db, "--journal", db, "--once", file])
        XCTAssertEqual(run.status, 0, run.combined)

        let alerts = try await alertmanager.activeAlerts()
        XCTAssertEqual(alerts.map { $0["labels"] as? [String: String] ?? [:] },
                       [["alertname": "checkout_availability page", "service": "checkout", "severity": "P1"]], "\(alerts)")
        let list = try VigilBinary.run(["journal", "--db", db])
        let last = String(list.stdout.prefix { $0 != " " })
        let journal = try VigilBinary.run(["journal", "show", last, "--db", db]).stdout
        XCTAssertTrue(journal.contains(#"  inhibited   notify("checkout-tickets", "checkout_availability: error budget burning slowly") — inhibited: the page {alertname="checkout_availability page", service="checkout", severity="P1"} is firing for the same labels"#), journal)
        XCTAssertTrue(journal.contains(#"delivered   page("checkout-oncall", "checkout_availability: error budget burning fast", severity: P1) → alertmanager(\#(alertmanager.baseURL))"#), journal)
        XCTAssertTrue(journal.hasSuffix("notifications: 1 sent, 1 inhibited\n"), journal)
    }

    func testAnSLOReceiverMustBeDeclared() throws {
        let folder = try TemporaryDirectory.make("vigil-slo-receiver")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("slo.vigil").path
        try """
        slo checkout_availability {
          objective 99.9%
          good  = series("http_requests_total", code: !~"5..")
          total = series("http_requests_total")
          alert multiwindow
          page "checkout-oncal"
        }
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try VigilBinary.run(["run", file])
        XCTAssertEqual(r.status, 2, r.combined)
        XCTAssertTrue(r.stderr.hasPrefix("\(file):6:8: error: slo checkout_availability: `page` names no declared receiver \"checkout-oncal\""), r.stderr)
        XCTAssertTrue(r.stderr.contains(#"declare it: receiver "checkout-oncal" alertmanager("http://127.0.0.1:9093")"#), r.stderr)
    }
}
