import Foundation
import XCTest

/// Data sources that just work: the default store `vigil ingest` writes, the "no data
/// source" error, scrape output without timestamps, the stdlib found beside the
/// executable, simulated canaries kept out of the real store, and imported declarations.
/// Every run gets its own HOME and VIGIL_DB, never the developer's ~/.vigil.
final class DataSourceTests: XCTestCase {
    var folder: URL!
    var home: [String: String] { ["HOME": folder.path, "VIGIL_DB": ""] }
    var defaultStore: String { folder.appendingPathComponent(".vigil/vigil.sqlite").path }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sources-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func vigil(_ args: [String], _ environment: [String: String]? = nil) throws -> VigilBinary.Result {
        try VigilBinary.run(args, environment: environment ?? home, directory: folder)
    }

    let gate = """
        policy "up" {
          require max(series("up", job: "api"), 2h) == 1  "api is up"
        }

        """

    func testCheckReadsTheDefaultStoreAndSaysSoOnStderr() throws {
        let data = try write("up.prom", "up{job=\"api\"} 1 1736949600000\nup{job=\"web\"} 1 1736953200000\n")
        let stored = try vigil(["ingest", data])
        XCTAssertEqual(stored.stdout, "stored 2 samples of 2 series (2 new) from 1 file into \(defaultStore)\n", stored.combined)
        let r = try vigil(["check", try write("gate.vigil", gate)])
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertEqual(r.stderr, "vigil: reading samples from ~/.vigil/vigil.sqlite (2 series, 2025-01-15T14:00:00Z … 15:00:00Z)\n")
        XCTAssertTrue(r.stdout.contains("pass  api is up"), r.stdout)
    }

    /// A gate reads from a store only the series its policies select (a large store costs
    /// nothing for the series it does not name), and judges them exactly as the same
    /// samples given with `--data`.
    func testCheckReadsOnlyTheSelectedSeriesFromAStore() throws {
        var text = ""
        for minute in 0...120 {
            let ms = 1_736_949_600_000 + minute * 60_000
            if minute <= 60 { text += "up{job=\"api\"} 1 \(ms)\n" }
            text += "queue_depth{job=\"web\"} \(minute) \(ms)\n"
        }
        let data = try write("mixed.prom", text)
        XCTAssertEqual(try vigil(["ingest", data]).status, 0)
        let policy = try write("gate.vigil", gate)
        let fromStore = try vigil(["check", "--format", "json", "--at", "2025-01-15T14:30:00Z", policy])
        XCTAssertEqual(fromStore.status, 0, fromStore.combined)
        XCTAssertEqual(fromStore.stderr, "vigil: reading samples from ~/.vigil/vigil.sqlite (2 series, 2025-01-15T14:00:00Z … 16:00:00Z)\n")
        // The data read is `up` alone: it ends at 15:00, `queue_depth` at 16:00.
        XCTAssertTrue(fromStore.stdout.contains("""
              "dataRange": {
                "first": "2025-01-15T14:00:00Z",
                "last": "2025-01-15T15:00:00Z"
              }
            """), fromStore.stdout)
        let fromFile = try vigil(["check", "--format", "json", "--at", "2025-01-15T14:30:00Z", "--data", data, policy])
        XCTAssertEqual(fromFile.status, 0, fromFile.combined)
        func results(_ json: String) -> Substring { json[json.range(of: "\"results\"")!.lowerBound...] }
        XCTAssertEqual(results(fromStore.stdout), results(fromFile.stdout))
        // Without --at the gate is judged at the store's newest sample, read without loading it.
        let newest = try vigil(["check", "--format", "json", policy])
        XCTAssertTrue(newest.stdout.contains("\"evaluatedAt\": \"2025-01-15T16:00:00Z\""), newest.stdout)
        XCTAssertEqual(newest.status, 0, newest.combined)
    }

    func testCheckingAgainstTheDefaultStoreWritesNothingToIt() throws {
        let data = try write("up.prom", "up{job=\"api\"} 1 1736949600000\n")
        XCTAssertEqual(try vigil(["ingest", data]).status, 0)
        // The database file itself, byte for byte (SQLite may leave the empty `-wal` and the
        // `-shm` index beside a WAL-mode file that it opened to read).
        let before = try Data(contentsOf: URL(fileURLWithPath: defaultStore))
        let modified = try FileManager.default.attributesOfItem(atPath: defaultStore)[.modificationDate] as? Date
        let r = try vigil(["check", try write("gate.vigil", gate)])
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: defaultStore)), before, "vigil check changed the store it only reads")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: defaultStore)[.modificationDate] as? Date, modified)
    }

    func testNoDataSourceIsItsOwnErrorWithAHint() throws {
        let hint = "give --data FILE, --db PATH or --source prometheus=URL, or store samples with vigil ingest"
        _ = try write("gate.vigil", gate)
        let check = try vigil(["check", "gate.vigil"])
        XCTAssertEqual(check.status, 2, check.combined)
        // The report says the gate was not judged; stderr says why, once.
        XCTAssertEqual(check.stdout, "ERROR: 1 error, the gate was not judged\n")
        XCTAssertEqual(check.stderr, "vigil: error: no data source: gate.vigil selects series but no samples were given; \(hint)\n")
        let rule = try write("rule.vigil", "rule \"down\" {\n  when last(series(\"up\")) < 1\n}\n")
        let replay = try vigil(["replay", "rule.vigil"])
        XCTAssertEqual(replay.status, 2, replay.combined)
        XCTAssertEqual(replay.stderr, "vigil: error: no data source: rule.vigil selects series but no samples were given; \(hint)\n")
        let ranged = try vigil(["replay", rule, "--from", "2025-01-15T14:00:00Z", "--to", "2025-01-15T14:01:00Z"])
        XCTAssertEqual(ranged.status, 2, ranged.combined)
        XCTAssertTrue(ranged.stderr.contains("rule.vigil:2:13: error: no data source: this program selects series but was given no samples"), ranged.stderr)
        XCTAssertTrue(ranged.stderr.contains("hint: \(hint)"), ranged.stderr)
        // A program that selects no series needs no data.
        let plain = try vigil(["run", try write("plain.vigil", "print(1 + 1)\n")])
        XCTAssertEqual(plain.status, 0, plain.combined)
        XCTAssertEqual(plain.combined, "2\n")
    }

    func testIngestStoresScrapeOutputAtTheGivenTime() throws {
        let scrape = try write("scrape.prom", "# TYPE up gauge\nup{job=\"api\"} 1\nup{job=\"web\"} 0 1736949600000\n")
        let r = try vigil(["ingest", "--at", "2025-01-15T15:00:00Z", scrape])
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertEqual(r.stdout, "stored 2 samples of 2 series (2 new) from 1 file into \(defaultStore); "
                       + "1 had no timestamp and were stored at 2025-01-15T15:00:00Z\n")
        let check = try vigil(["check", try write("gate.vigil", gate)])
        XCTAssertEqual(check.status, 0, check.combined)
        XCTAssertTrue(check.stderr.contains("(2 series, 2025-01-15T14:00:00Z … 15:00:00Z)"), check.stderr)
        let now = try vigil(["ingest", try write("later.prom", "queue_depth 3\n")])
        XCTAssertTrue(now.stdout.contains("; 1 had no timestamp and were stored at 20"), now.stdout)
        XCTAssertTrue(now.stdout.hasSuffix("Z (now; --at sets it)\n"), now.stdout)
    }

    func testTheStdlibIsFoundFromAnyWorkingDirectory() throws {
        let file = try write("uses-std.vigil", "import \"std/gates\"\nprint(\"imported\")\n")
        let r = try vigil(["run", file], home.merging(["VIGIL_STDLIB": ""]) { $1 })
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertEqual(r.combined, "imported\n")
    }

    func testVIGIL_PATHAddsModuleRoots() throws {
        _ = try write("shared/team/limits.vigil", "let max_error_rate = 2%\n")
        let file = try write("uses-team.vigil", "import \"team/limits\"\nprint(max_error_rate)\n")
        let r = try vigil(["run", file], home.merging(["VIGIL_PATH": folder.appendingPathComponent("shared").path]) { $1 })
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertEqual(r.combined, "2%\n")
    }

    func testSimulatedCanariesLeaveTheRealStoreAlone() throws {
        let canary = try String(contentsOf: VigilBinary.repoRoot.appendingPathComponent("examples/canary-rollback.vigil"), encoding: .utf8)
        let file = try write("canary.vigil", canary)
        let r = try vigil(["run", "--simulate", file])
        XCTAssertTrue(r.stdout.contains("canary "), r.combined)
        XCTAssertFalse(FileManager.default.fileExists(atPath: defaultStore), "a simulated run created the default store")
        let db = folder.appendingPathComponent("explicit.sqlite").path
        _ = try vigil(["run", "--simulate", "--db", db, file])
        XCTAssertTrue(FileManager.default.fileExists(atPath: db), "--db names where even simulated runs record")
    }

    func testAnImportedFilesServicesAndRulesAreTheProgramsOwn() throws {
        _ = try write("lib/web.vigil", """
            service web {
              signal up = series("up", job: "a")
            }

            rule "web down" {
              when last(web.up) < 1
            }

            test "the module's own test" {
              series("up", job: "a") = "1x3 0x3"
              at 5m expect firing "web down"
            }

            """)
        let main = try write("main.vigil", """
            import "./lib/web.vigil"

            test "the importer sees the module's rule and service" {
              series("up", job: "a") = "1x3 0x3"
              at 1m expect inactive "web down"
              at 5m expect firing "web down"
            }

            """)
        let data = try write("up.prom", "up{job=\"a\"} 1 1736949600000\nup{job=\"a\"} 0 1736949660000\n")
        let replay = try vigil(["replay", main, "--data", data])
        XCTAssertEqual(replay.status, 0, replay.combined)
        XCTAssertTrue(replay.stdout.contains("2025-01-15T14:01:00Z  {job=\"a\"}  inactive → firing  last(web.up) = 0 < 1"), replay.stdout)
        // Imported tests belong to their module: `vigil test main.vigil` runs only main's.
        let test = try vigil(["test", main])
        XCTAssertEqual(test.status, 0, test.combined)
        XCTAssertEqual(test.stdout, "pass  main.vigil: test \"the importer sees the module's rule and service\"\n1 passed, 0 failed\n")
    }
}
