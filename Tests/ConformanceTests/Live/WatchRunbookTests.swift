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
        let data = try writeSamples(in: folder, gauges: ["up"]) { t in
            ["up{instance=\"i1\"} \(t < 8_000 ? 0 : 1)", "up{instance=\"i2\"} \(t >= 3_000 ? 0 : 1)"]
        }
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

    /// A trigger that fires for two label sets starts two runs, each reading its own label set
    /// as `trigger_labels` (its verify waits on its own instance), each once: i1 keeps firing
    /// for several evaluations and starts no second run. Both starts are journaled.
    func testEachFiringLabelSetStartsItsOwnRunOnce() throws {
        let folder = try TemporaryDirectory.make("vigil-watch-runbook-sets")
        defer { try? FileManager.default.removeItem(at: folder) }
        // i1 is down for the first 8s; i2 from 3s to 11s.
        let data = try writeSamples(in: folder, gauges: ["up"]) { t in
            ["up{instance=\"i1\"} \(t < 8_000 ? 0 : 1)", "up{instance=\"i2\"} \(t >= 3_000 && t < 11_000 ? 0 : 1)"]
        }
        let file = folder.appendingPathComponent("rules.vigil").path
        try """
            runbook "down" {
              every 1s
              trigger when series("up") == 0
              step "Look" { print("{trigger_labels.instance} is down ({keys(trigger_labels)})") }
              verify series("up", instance: trigger_labels.instance) == 1 within 30s
              step "After" { print("{trigger_labels.instance} is back") }
            }

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let journal = folder.appendingPathComponent("j.sqlite").path
        let r = try VigilBinary.run(["watch", "--data", data, "--journal", journal, "--every", "1s", "--for", "16s", file])
        XCTAssertEqual(r.status, 0, r.combined)
        let out = r.stdout
        func count(_ text: String) -> Int { out.components(separatedBy: text).count - 1 }
        XCTAssertEqual(count("runbook \"down\" for {instance=\"i1\"}\n"), 1, out)
        XCTAssertEqual(count("runbook \"down\" for {instance=\"i2\"}\n"), 1, out)
        XCTAssertEqual(count("runbook \"down\" for"), 2, out)
        XCTAssertTrue(out.contains("  i1 is down ([\"instance\"])\n"), out)
        XCTAssertTrue(out.contains("  i2 is down ([\"instance\"])\n"), out)
        XCTAssertEqual(count("step 2: After\n  i1 is back\nrunbook \"down\" done\n"), 1, out)
        XCTAssertEqual(count("step 2: After\n  i2 is back\nrunbook \"down\" done\n"), 1, out)
        // Each holds on the value its own verify read, at its own time.
        let held = out.components(separatedBy: "\n").filter { $0.contains("within 30s: holds after ") }
        XCTAssertEqual(held.count, 2, out)
        XCTAssertTrue(held.allSatisfy { $0.hasSuffix(#"s: series("up", instance: trigger_labels.instance) = 1 == 1"#) }, out)
        let i1Back = try XCTUnwrap(out.range(of: "i1 is back"), out)
        let i2Back = try XCTUnwrap(out.range(of: "i2 is back"), out)
        XCTAssertTrue(i1Back.lowerBound < i2Back.lowerBound, "each run verified its own instance:\n\(out)")
        let shown = try VigilBinary.run(["journal", "show", "watch-", "--db", journal, "--format", "markdown"])
        XCTAssertEqual(shown.status, 0, shown.combined)
        let started = shown.stdout.components(separatedBy: "\n").filter { $0.contains("| runbook \"down\" for {instance=") }
        XCTAssertEqual(started.count, 2, shown.stdout)
        XCTAssertTrue(started.contains { $0.contains("| runbook down, start | runbook \"down\" for {instance=\"i1\"} |") }, shown.stdout)
    }

    /// A label set that resolves and fires again while its last run still verifies starts no
    /// second run: that is said on the output and journaled.
    func testALabelSetFiringAgainWhileItsRunVerifiesStartsNoSecondRun() throws {
        let folder = try TemporaryDirectory.make("vigil-watch-runbook-again")
        defer { try? FileManager.default.removeItem(at: folder) }
        // i1 is down, back at 3s, down again from 5s; `ok` never is 1, so the verify waits.
        let data = try writeSamples(in: folder, gauges: ["up", "ok"]) { t in
            ["up{instance=\"i1\"} \(t >= 3_000 && t < 5_000 ? 1 : 0)", "ok{instance=\"i1\"} 0"]
        }
        let file = folder.appendingPathComponent("rules.vigil").path
        try """
            runbook "down" {
              every 1s
              trigger when series("up") == 0
              step "Look" { print("{trigger_labels.instance} is down") }
              verify series("ok", instance: trigger_labels.instance) == 1 within 1m
            }

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let journal = folder.appendingPathComponent("j.sqlite").path
        let r = try VigilBinary.run(["watch", "--data", data, "--journal", journal, "--every", "1s", "--for", "9s", file])
        XCTAssertEqual(r.status, 0, r.combined)
        let out = r.stdout
        XCTAssertEqual(out.components(separatedBy: "  i1 is down\n").count - 1, 1, out)
        XCTAssertEqual(out.components(separatedBy: #"{instance="i1"}  inactive → firing"#).count - 1, 2, out)
        XCTAssertTrue(out.contains(#"runbook "down" for {instance="i1"} is still verifying its last run: not started again"#), out)
        XCTAssertTrue(out.contains(#"runbook "down" for {instance="i1"} was still verifying when the watch stopped: not finished"#), out)
        let shown = try VigilBinary.run(["journal", "show", "watch-", "--db", journal, "--format", "markdown"])
        XCTAssertTrue(shown.stdout.contains(#"| runbook down, start | runbook "down" for {instance="i1"} is still verifying its last run: not started again | | guardrail |"#),
                      shown.stdout)
    }

    /// Prometheus text with a sample a second from two minutes ago to ten minutes ahead, so
    /// `vigil watch` on the wall clock reads them as they come due; `lines(t)` gives the
    /// sample lines (without their timestamp) at `t` milliseconds after now.
    private func writeSamples(in folder: URL, gauges: [String], _ lines: (Int64) -> [String]) throws -> String {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var text = gauges.map { "# TYPE \($0) gauge" }
        for t in stride(from: -120_000, through: 600_000, by: 1_000) as StrideThrough<Int64> {
            text += lines(t).map { "\($0) \(now + t)" }
        }
        let data = folder.appendingPathComponent("up.prom").path
        try (text.joined(separator: "\n") + "\n").write(toFile: data, atomically: true, encoding: .utf8)
        return data
    }
}
