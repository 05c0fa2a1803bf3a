import Foundation
import VigilTestServers
import XCTest

/// `vigil watch --dry-run` journals planned actions; `vigil journal` lists and shows them.
final class JournalCommandTests: XCTestCase {
    func testADryRunIsJournaledAsPlannedAndShownAsATimeline() throws {
        let folder = try TemporaryDirectory.make("vigil-journal")
        defer { try? FileManager.default.removeItem(at: folder) }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let samples = stride(from: now - 120_000, through: now + 120_000, by: 15_000).map { "up{instance=\"i1\"} 0 \($0)" }
        let data = folder.appendingPathComponent("up.prom")
        try (samples.joined(separator: "\n") + "\n").write(to: data, atomically: true, encoding: .utf8)
        let rules = folder.appendingPathComponent("rules.vigil")
        try """
            receiver "oncall" alertmanager("http://127.0.0.1:9")
            rule "instance down" {
              when series("up") == 0
              then page("oncall", "instance down", severity: P2)
            }

            """.write(to: rules, atomically: true, encoding: .utf8)
        let journal = folder.appendingPathComponent("j.sqlite").path
        let watch = try VigilBinary.run(["watch", "--dry-run", "--once", "--data", data.path, "--journal", journal, rules.path])
        XCTAssertEqual(watch.status, 0, watch.combined)
        XCTAssertTrue(watch.stdout.contains("--dry-run: actions are journaled as planned, none is delivered (run watch-"), watch.combined)
        XCTAssertFalse(watch.stdout.contains("delivered page"), watch.combined)

        let list = try VigilBinary.run(["journal", "--db", journal])
        XCTAssertEqual(list.status, 0, list.combined)
        XCTAssertTrue(list.stdout.contains("vigil watch \(rules.path)  1 planned"), list.combined)
        let run = String(list.stdout.prefix { $0 != " " })

        let markdown = try VigilBinary.run(["journal", "show", String(run.prefix(20)), "--db", journal, "--format", "markdown"])
        XCTAssertEqual(markdown.status, 0, markdown.combined)
        XCTAssertTrue(markdown.stdout.contains("| Time (UTC) | Origin | Action | Target | Outcome | Observed |"), markdown.combined)
        XCTAssertTrue(markdown.stdout.contains(#"| rule instance down (fired) | `page("oncall", "instance down", severity: P2)` | alertmanager(http://127.0.0.1:9) | planned | series("up") = 0 == 0 |"#), markdown.combined)
        XCTAssertTrue(markdown.stdout.contains("dry run (nothing delivered)"), markdown.combined)

        let json = try VigilBinary.run(["journal", "show", run, "--db", journal, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let entries = object?["entries"] as? [[String: Any]]
        XCTAssertEqual(entries?.first?["state"] as? String, "planned")
        XCTAssertTrue((entries?.first?["key"] as? String)?.hasPrefix(#"instance down|{instance="i1"}|fired|"#) == true, json.stdout)

        let missing = try VigilBinary.run(["journal", "show", "nosuchrun", "--db", journal])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no run nosuchrun (or it names more than one); `vigil journal` lists them"), missing.combined)
    }
}
