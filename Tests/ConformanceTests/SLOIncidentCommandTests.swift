import Foundation
import XCTest

/// An SLO's page alert under `vigil watch` opens an incident in the user's store, once,
/// which `vigil incident list` then shows.
final class SLOIncidentCommandTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("slo-incidents-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    /// 2h of 1-minute samples ending at `end`: clean for an hour, then 5% failing (a 50x burn).
    static func burn(ending end: Int, failing: Bool = true) -> String {
        var out = "timestamp,metric,service,code,value\n", ok = 0, failed = 0
        for i in 0...120 {
            let t = end - (120 - i) * 60
            out += "\(t),http_requests_total,checkout,200,\(ok)\n\(t),http_requests_total,checkout,500,\(failed)\n"
            if i >= 60 && failing { ok += 950; failed += 50 } else { ok += 1000 }
        }
        return out
    }

    static let slo = """
        slo checkout_availability {
          service checkout
          objective 99.9%
          good = series("http_requests_total", service: "checkout", code: !~"5..")
          total = series("http_requests_total", service: "checkout")
          alert multiwindow
        }

        """

    /// A watch that starts after the burn ended, with no rule state to take up (here: the
    /// same program under another path), resolves the incident the earlier watch opened.
    func testAWatchStartedAfterTheBurnEndedResolvesTheOpenIncident() throws {
        let burning = directory.appendingPathComponent("burn.csv"), clean = directory.appendingPathComponent("clean.csv")
        let db = directory.appendingPathComponent("vigil.sqlite").path
        let now = Int(Date().timeIntervalSince1970)
        try Self.burn(ending: now).write(to: burning, atomically: true, encoding: .utf8)
        try Self.burn(ending: now, failing: false).write(to: clean, atomically: true, encoding: .utf8)
        let first = directory.appendingPathComponent("slo.vigil"), moved = directory.appendingPathComponent("moved.vigil")
        try Self.slo.write(to: first, atomically: true, encoding: .utf8)
        try Self.slo.write(to: moved, atomically: true, encoding: .utf8)
        let fired = try VigilBinary.run(["watch", "--data", burning.path, "--once", first.path], environment: ["VIGIL_DB": db], directory: nil)
        XCTAssertEqual(fired.status, 0, fired.combined)
        XCTAssertTrue(fired.stdout.contains("then open_incident("), fired.combined)
        let later = try VigilBinary.run(["watch", "--data", clean.path, "--once", moved.path], environment: ["VIGIL_DB": db], directory: nil)
        XCTAssertEqual(later.status, 0, later.combined)
        XCTAssertTrue(later.stdout.contains("  resolved INC-1 (checkout_availability: error budget burning fast): rule \"checkout_availability page\" {} "
                                            + "was not pending or firing when vigil watch started\n"), later.combined)
        let list = try VigilBinary.run(["incident", "list", "--db", db])
        XCTAssertTrue(list.stdout.hasPrefix("1  P2  resolved    checkout  checkout_availability: error budget burning fast"), list.stdout)
        // A watch that finds the alert still firing resolves nothing.
        let again = try VigilBinary.run(["watch", "--data", burning.path, "--once", first.path], environment: ["VIGIL_DB": db], directory: nil)
        XCTAssertFalse(again.stdout.contains("resolved INC-"), again.combined)
    }

    func testAFiringPageOpensOneIncidentAcrossWatches() throws {
        let data = directory.appendingPathComponent("burn.csv"), file = directory.appendingPathComponent("slo.vigil")
        let db = directory.appendingPathComponent("vigil.sqlite").path
        try Self.burn(ending: Int(Date().timeIntervalSince1970)).write(to: data, atomically: true, encoding: .utf8)
        try """
            slo checkout_availability {
              service checkout
              objective 99.9%
              good = series("http_requests_total", service: "checkout", code: !~"5..")
              total = series("http_requests_total", service: "checkout")
              alert multiwindow
            }

            """.write(to: file, atomically: true, encoding: .utf8)
        for run in 0..<2 {
            let watch = try VigilBinary.run(["watch", "--data", data.path, "--once", file.path], environment: ["VIGIL_DB": db], directory: nil)
            XCTAssertEqual(watch.status, 0, watch.combined)
            if run == 0 {
                XCTAssertTrue(watch.stdout.contains("inactive → firing  burn_rate(checkout_availability, 1h) = 50 > 14.4x"), watch.combined)
                XCTAssertTrue(watch.stdout.contains(
                    "then open_incident(\"checkout_availability: error budget burning fast\", severity: P2, service: \"checkout\")"), watch.combined)
            } else {
                // The page's and the ticket's states are kept in the store: the second watch resumes them
                // and fires nothing again.
                XCTAssertTrue(watch.stdout.contains("resumed 2 pending or firing label sets from the last run"), watch.combined)
                XCTAssertFalse(watch.stdout.contains("then open_incident"), watch.combined)
            }
        }
        let list = try VigilBinary.run(["incident", "list", "--db", db])
        XCTAssertEqual(list.status, 0, list.combined)
        let lines = list.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, list.stdout)
        XCTAssertTrue(lines.first?.hasPrefix("1  P2  open        checkout  checkout_availability: error budget burning fast  opened ") ?? false, list.stdout)
    }
}
