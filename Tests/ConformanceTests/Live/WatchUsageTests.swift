import Foundation
import XCTest

/// `vigil watch`'s usage, which needs no server: what it says it does, and what it refuses.
final class WatchUsageTests: XCTestCase {
    func testHelpSaysActionsAreJournaledThenDelivered() throws {
        let r = try VigilBinary.run(["watch", "--help"])
        XCTAssertEqual(r.status, 0, r.combined)
        for text in ["--source <kind=URL>", "--every", "--for", "--once", "--dry-run", "--journal", "journaled first", "SIGINT"] {
            XCTAssertTrue(r.stdout.contains(text), "\(text) missing from:\n\(r.stdout)")
        }
        let top = try VigilBinary.run(["--help"])
        XCTAssertTrue(top.stdout.contains("  watch"), top.stdout)
    }

    func testUsageErrorsExitTwo() throws {
        let file = VigilBinary.repoRoot.appendingPathComponent("examples/release-gates.vigil").path
        let data = VigilBinary.repoRoot.appendingPathComponent("examples/data/checkout.csv").path
        let cases: [([String], String)] = [
            (["watch", "--once", file], "vigil watch needs data: --source prometheus=URL, --data FILE or --db PATH"),
            (["watch", "--source", "prometheus=http://127.0.0.1:9", "--once", "--for", "1m", file], "give --once or --for, not both"),
            (["watch", "--source", "prometheus=http://127.0.0.1:9", "--at", "2025-01-15", file], "--at does not apply"),
            (["watch", "--source", "prometheus=http://127.0.0.1:9", "--every", "5%", file], "--every expects a positive duration"),
            // Below a millisecond rounds to nothing: a schedule cannot step by it.
            (["replay", "--data", data, "--every", "0.0001s", file], "--every must be at least 1ms, got `0.0001s`"),
            (["replay", "--source", "prometheus=http://127.0.0.1:9", file], "with --source, give --from"),
            (["check", "--source", "prometheus", file], "--source expects KIND=URL"),
        ]
        for (args, message) in cases {
            let r = try VigilBinary.run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.combined)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
    }
}
