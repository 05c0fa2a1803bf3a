import Foundation
import VigilTestServers
import XCTest

/// A runbook its trigger starts in `vigil watch` does not stop the watch while its `verify`
/// waits: rules go on being evaluated (and printed), and the verify polls at the runbook's
/// `every` until it holds, then the remaining steps run.
final class WatchRunbookTests: XCTestCase {
    func testRulesAreEvaluatedWhileATriggeredRunbookVerifies() throws {
        let folder = try TemporaryDirectory.make("vigil-watch-runbook")
        defer { try? FileManager.default.removeItem(at: folder) }
        // i1 is down for the first 8s, i2 goes down after 3s.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var lines = ["# TYPE up gauge"]
        for t in stride(from: now - 120_000, through: now + 600_000, by: 1_000) {
            lines.append("up{instance=\"i1\"} \(t < now + 8_000 ? 0 : 1) \(t)")
            lines.append("up{instance=\"i2\"} \(t >= now + 3_000 ? 0 : 1) \(t)")
        }
        let data = folder.appendingPathComponent("up.prom").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: data, atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent("rules.vigil").path
        try """
            rule "i2 down" {
              every 1s
              when series("up", instance: "i2") == 0
            }
            runbook "i1 down" {
              every 1s
              trigger when series("up", instance: "i1") == 0
              step "Look" { print("i1 is down") }
              verify series("up", instance: "i1") == 1 within 30s
              step "After" { print("i1 is back") }
            }

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try VigilBinary.run(["watch", "--data", data, "--journal", folder.appendingPathComponent("j.sqlite").path,
                                     "--every", "1s", "--for", "14s", file])
        XCTAssertEqual(r.status, 0, r.combined)
        let out = r.stdout
        let waiting = try XCTUnwrap(out.range(of: #"verify series("up", instance: "i1") == 1 within 30s: does not hold yet"#), out)
        let i2 = try XCTUnwrap(out.range(of: #"{instance="i2"}  inactive → firing"#), out)
        let held = try XCTUnwrap(out.range(of: #"verify series("up", instance: "i1") == 1 within 30s: holds after "#), out)
        XCTAssertTrue(waiting.lowerBound < i2.lowerBound && i2.lowerBound < held.lowerBound,
                      "the i2 rule was not evaluated while the runbook verified:\n\(out)")
        XCTAssertTrue(out.contains("step 2: After\n  i1 is back\nrunbook \"i1 down\" done\n"), out)
    }
}
