import Foundation
import XCTest

/// `vigil incident …` run as a user would, against a temporary database.
final class IncidentCommandTests: XCTestCase {
    private var db = ""

    override func setUpWithError() throws {
        db = FileManager.default.temporaryDirectory.appendingPathComponent("incidents-\(UUID().uuidString).sqlite").path
    }

    override func tearDownWithError() throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
    }

    private func vigil(_ args: String..., status: Int32 = 0) throws -> String {
        let result = try VigilBinary.run(["incident"] + args + ["--db", db])
        XCTAssertEqual(result.status, status, result.combined)
        return result.combined
    }

    func testLifecycleTimelinePostmortemAndStatistics() throws {
        XCTAssertEqual(try vigil("open", "checkout 5xx above 2%", "--service", "checkout", "--severity", "P1",
                                 "--detected", "2025-01-15T14:27:00Z", "--at", "2025-01-15T14:30:00Z"),
                       "opened incident 1: P1 checkout checkout 5xx above 2%\n")
        // 20 minutes in, unacknowledged: backup paged at 15m, the 15m response target missed, team lead next at 30m.
        XCTAssertEqual(try vigil("show", "1", "--at", "2025-01-15T14:50:00Z"), """
            incident 1: checkout 5xx above 2%
            P1 checkout, open
            targets: respond within 15m (by 2025-01-15T14:45:00Z), resolve within 4h (by 2025-01-15T18:30:00Z)
            timeline:
              2025-01-15T14:27:00Z  problem began
              2025-01-15T14:30:00Z  opened: checkout 5xx above 2%
              2025-01-15T14:30:00Z  paged on-call
              2025-01-15T14:45:00Z  paged backup
              2025-01-15T14:45:00Z  response target (15m) missed
            next escalation: team lead at 2025-01-15T15:00:00Z if still unacknowledged

            """)
        XCTAssertEqual(try vigil("ack", "1", "--note", "ana", "--at", "2025-01-15T14:52:00Z"), "acknowledged incident 1\n")
        XCTAssertEqual(try vigil("resolve", "1", "--note", "rolled back v42", "--at", "2025-01-15T15:40:00Z"),
                       "resolved incident 1\n")
        _ = try vigil("open", "search slow", "--service", "search", "--severity", "P3", "--at", "2025-01-15T16:00:00Z")
        XCTAssertEqual(try vigil("list", "--open"), "2  P3  open        search  search slow  opened 2025-01-15T16:00:00Z\n")

        let postmortem = try vigil("postmortem", "1")
        XCTAssertTrue(postmortem.hasPrefix("# Post-mortem: checkout 5xx above 2% (incident 1)\n\n## Summary\n"), postmortem)
        for line in ["- Duration: 1h13m", "- Severity: P1", "- Detection: began 2025-01-15T14:27:00Z, incident opened 3m later",
                     "- Resolution: resolved 2025-01-15T15:40:00Z: rolled back v42",
                     "- 2025-01-15T14:52:00Z  acknowledged: ana", "## Root cause", "## Contributing factors",
                     "## What went well", "## What to improve", "## Actions"] {
            XCTAssertTrue(postmortem.contains(line + "\n"), "missing \(line) in\n\(postmortem)")
        }
        // MTTD 14:27→14:30, MTTA 14:30→14:52, MTTR 14:30→15:40; the open P3 has no figures yet.
        XCTAssertEqual(try vigil("stats"), """
            service  severity  incidents  MTTD  MTTA  MTTR
            checkout  P1  1  3m  22m  1h10m
            search  P3  1  -  -  -

            """)
    }

    func testRefusalsAreErrors() throws {
        XCTAssertEqual(try vigil("show", "9", status: 1), "vigil: error: no incident with id 9\n")
        XCTAssertEqual(try vigil("open", "x", "--service", "web", "--severity", "P9", status: 2),
                       "vigil: error: --severity expects P1, P2, P3 or P4, got `P9`\n")
        _ = try vigil("open", "typo", "--service", "web", "--severity", "P4", "--at", "2025-01-15T10:00:00Z")
        _ = try vigil("resolve", "1", "--at", "2025-01-15T11:00:00Z")
        XCTAssertEqual(try vigil("resolve", "1", status: 1), "vigil: error: incident \"typo\" is already resolved\n")
        XCTAssertEqual(try vigil("ack", "1", "--at", "2025-01-15T09:00:00Z", status: 1),
                       "vigil: error: incident \"typo\" is already resolved\n")
        XCTAssertEqual(try vigil("list"), "1  P4  resolved    web  typo  opened 2025-01-15T10:00:00Z\n")
    }
}
