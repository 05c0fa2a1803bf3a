import Foundation
import VigilTestServers
import XCTest

/// `vigil silence add|list|expire` on the database `vigil run` and `vigil watch` journal to:
/// a silence set from the command line mutes the next run's page; expired, it no longer does.
/// The page that is sent reaches a real Alertmanager.
final class SilenceCommandTests: XCTestCase {
    func testASilenceFromTheCommandLineMutesPagesUntilItIsExpired() async throws {
        let alertmanager: TestAlertmanager
        do { alertmanager = try await TestAlertmanager.start() } catch ServerError.missingBinary(let why) { throw XCTSkip(why) }
        defer { alertmanager.stop() }
        let folder = try TemporaryDirectory.make("vigil-silence")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("pages.vigil").path, db = folder.appendingPathComponent("vigil.sqlite").path
        try """
        receiver "oncall" alertmanager("\(alertmanager.baseURL)")
        service checkout {}
        runbook "checkout slow" {
          service checkout
          step "page" { page("oncall", "checkout is slow", severity: P2) }
        }
        """.write(toFile: file, atomically: true, encoding: .utf8)

        let add = try VigilBinary.run(["silence", "add", "service=checkout", #"severity!~"P1""#, "--for", "2h", "--comment", "deploy", "--db", db])
        XCTAssertEqual(add.status, 0, add.combined)
        let line = try XCTUnwrap(add.stdout.split(separator: "\n").first.map(String.init))
        let id = String(line.prefix { $0 != " " })
        XCTAssertTrue(id.range(of: #"^silence-[0-9]+-[0-9a-f]+$"#, options: .regularExpression) != nil, line)
        XCTAssertTrue(line.hasPrefix(#"\#(id)  {service="checkout", severity!~"P1"}  until "#), line)
        XCTAssertTrue(line.hasSuffix("  set by vigil silence add — deploy"), line)
        XCTAssertEqual(try VigilBinary.run(["silence", "list", "--db", db]).stdout, line + "\n")

        let muted = try VigilBinary.run(["run", file, "checkout slow", "--journal", db])
        XCTAssertEqual(muted.status, 0, muted.combined)
        XCTAssertTrue(muted.stdout.contains(#"  action: page("oncall", "checkout is slow", severity: P2) → target oncall: not sent — silenced by \#(id) {service="checkout", severity!~"P1"} until "#), muted.stdout)

        let expire = try VigilBinary.run(["silence", "expire", id, "--db", db])
        XCTAssertEqual(expire.status, 0, expire.combined)
        XCTAssertTrue(expire.stdout.hasPrefix(#"\#(id)  {service="checkout", severity!~"P1"}  expired "#), expire.stdout)
        XCTAssertEqual(try VigilBinary.run(["silence", "list", "--db", db]).stdout, "no silences in force\n")
        XCTAssertEqual(try VigilBinary.run(["silence", "list", "--all", "--db", db]).stdout, expire.stdout)

        let sent = try VigilBinary.run(["run", file, "checkout slow", "--journal", db])
        XCTAssertTrue(sent.stdout.contains(#"  action: page("oncall", "checkout is slow", severity: P2) → target oncall: delivered to alertmanager(\#(alertmanager.baseURL))"#), sent.combined)
        let alerts = try await alertmanager.activeAlerts()
        XCTAssertEqual(alerts.compactMap { ($0["labels"] as? [String: String])?["alertname"] }, ["checkout slow"], "\(alerts)")

        // Set and expired, each journaled under a `vigil silence` run.
        let runs = try VigilBinary.run(["journal", "--db", db]).stdout
        XCTAssertEqual(runs.components(separatedBy: "\n").filter { $0.contains("vigil silence") }.count, 2, runs)
    }

    func testBadMatchersAndUnknownIdsAreErrorsThatSayWhere() throws {
        let folder = try TemporaryDirectory.make("vigil-silence-errors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("vigil.sqlite").path
        let bad = try VigilBinary.run(["silence", "add", "service~checkout", "--for", "1h", "--db", db])
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.stderr, "vigil silence: error: expected =, !=, =~ or !~ after `service`\n  service~checkout\n         ^\n")
        let regex = try VigilBinary.run(["silence", "add", #"severity=~"P(1""#, "--for", "1h", "--db", db])
        XCTAssertEqual(regex.stderr, "vigil silence: error: invalid regular expression \"P(1\" for label severity: expected ')'\n  severity=~\"P(1\"\n            ^\n")
        let everything = try VigilBinary.run(["silence", "add", "env!=prod", "--for", "1h", "--db", db])
        XCTAssertEqual(everything.stderr, "vigil silence: error: a silence needs at least one matcher that an empty label does not match, such as service=checkout\n")
        let unknown = try VigilBinary.run(["silence", "expire", "silence-1-2", "--db", db])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertEqual(unknown.stderr, "vigil silence: error: no silence silence-1-2 in force; `vigil silence list` lists them\n")
    }
}
