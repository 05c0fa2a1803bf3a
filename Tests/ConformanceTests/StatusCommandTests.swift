import Foundation
import XCTest

/// `vigil status` over the bundled example: the formats carry the same report, and the HTML
/// page renders in headless Chromium (the real browser, started by the test).
final class StatusCommandTests: XCTestCase {
    static let args = ["status", "examples/status.vigil", "--data", "examples/data/checkout.csv", "--db", ":memory:", "--period", "3h"]
    static let chromium = "/usr/bin/chromium"

    func testJSONCarriesTheOverallStateServicesAndItems() throws {
        let result = try VigilBinary.run(Self.args + ["--format", "json"])
        XCTAssertEqual(result.status, 1, result.combined)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["overall"] as? String, "DEGRADED")
        let services = try XCTUnwrap(json["services"] as? [[String: Any]])
        XCTAssertEqual(services.map { $0["name"] as? String }, ["checkout"])
        let figures = try XCTUnwrap(services[0]["figures"] as? [[String: Any]])
        XCTAssertEqual(figures.first { $0["name"] as? String == "latency_p95" }?["value"] as? String, "122.288ms")
        XCTAssertEqual((figures.first { $0["name"] as? String == "latency_p95" }?["history"] as? [Any])?.count, 12)
        // The service's vitals over the 3h: what `1 - ratio(5xx, all, 3h)` and `avg(quantile "0.95", 3h)` give.
        XCTAssertEqual(try XCTUnwrap(services[0]["success_rate"] as? Double), 0.996477, accuracy: 5e-7)
        XCTAssertEqual(try XCTUnwrap(services[0]["p95_seconds"] as? Double), 0.119683, accuracy: 5e-7)
        XCTAssertEqual(services[0]["missing"] as? [String: String], [:])
        XCTAssertEqual(services[0]["open_incidents"] as? Int, 0)
        XCTAssertEqual((json["incident_response"] as? [Any])?.count, 0)
        XCTAssertEqual((json["actions"] as? [Any])?.count, 0)
        let items = try XCTUnwrap(json["attention"] as? [[String: Any]])
        XCTAssertEqual(items.map { $0["title"] as? String }, ["checkout_availability: error budget low"])
        XCTAssertEqual(items[0]["evidence"] as? String, "budget left 11.9% over 4w2d; burn rate 0.91x over the last 1h")
    }

    /// From a store, the report reads the series it selects (the services' signals, their
    /// SLOs and vitals) as it selects them, and is the report the same samples give as a data
    /// file, judged at the store's newest sample.
    func testAStoreGivesTheReportOfTheSameSamplesAsADataFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-status-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("vigil.sqlite").path
        let stored = try VigilBinary.run(["ingest", "examples/data/checkout.csv", "--db", db])
        XCTAssertEqual(stored.status, 0, stored.combined)
        let fromStore = try VigilBinary.run(["status", "examples/status.vigil", "--db", db, "--period", "3h", "--format", "json"])
        XCTAssertEqual(fromStore.status, 1, fromStore.combined)
        let fromFile = try VigilBinary.run(Self.args + ["--format", "json"])
        XCTAssertEqual(fromStore.stdout, fromFile.stdout)
        XCTAssertTrue(fromStore.stdout.contains("\"p95_seconds\""), fromStore.stdout)
    }

    func testMarkdownHasTheHeadlineAndATable() throws {
        let result = try VigilBinary.run(Self.args + ["--format", "markdown"])
        XCTAssertTrue(result.stdout.hasPrefix("# Status: **DEGRADED**"), result.stdout)
        XCTAssertTrue(result.stdout.contains("| checkout | DEGRADED | 99.648% | 45.183ms | 119.683ms | 212.219ms | 0 |"), result.stdout)
        XCTAssertTrue(result.stdout.contains("\n## Incident response\n\n- no incidents opened in the period\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("- **DEGRADED** checkout_availability: error budget low"), result.stdout)
    }

    func testAnUnknownFormatOrPeriodIsAUsageError() throws {
        let format = try VigilBinary.run(Self.args + ["--format", "pdf"])
        XCTAssertEqual(format.status, 2)
        XCTAssertTrue(format.stderr.contains("--format must be one of text, json, markdown, html, got `pdf`"), format.stderr)
        let period = try VigilBinary.run(["status", "examples/status.vigil", "--data", "examples/data/checkout.csv",
                                          "--db", ":memory:", "--period", "3"])
        XCTAssertEqual(period.status, 2)
        XCTAssertTrue(period.stderr.contains("`period` must be a positive duration such as 1d, found 3"), period.stderr)
        let both = try VigilBinary.run(["status", "--db", ":memory:", "--week", "--period", "3d"])
        XCTAssertEqual(both.status, 2)
        XCTAssertEqual(both.stderr, "vigil: error: --week is a period of 7d; give it or --period 3d, not both\n")
    }

    /// A healthy estate exits 0: no services, no incidents, nothing to look at.
    func testNothingToReportIsHealthy() throws {
        let result = try VigilBinary.run(["status", "--db", ":memory:", "--at", "2025-01-15T12:00:00Z"])
        XCTAssertEqual(result.status, 0, result.combined)
        XCTAssertTrue(result.stdout.hasPrefix("Status HEALTHY at @2025-01-15T12:00:00Z (looking back 1d)"), result.stdout)
    }

    /// `--week` is the weekly ops report: it looks back 7 days, so an incident opened three
    /// days before is in its MTTD/MTTR where the default day leaves it out.
    func testWeekLooksBackSevenDaysForTheResponseTimes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-status-week-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("vigil.sqlite").path
        let open = try VigilBinary.run(["incident", "open", "payments slow", "--service", "payments", "--severity", "P2",
                                        "--at", "2025-01-12T10:00:00Z", "--detected", "2025-01-12T09:50:00Z", "--db", db])
        XCTAssertEqual(open.status, 0, open.combined)
        let resolve = try VigilBinary.run(["incident", "resolve", "1", "--at", "2025-01-12T11:00:00Z", "--db", db])
        XCTAssertEqual(resolve.status, 0, resolve.combined)

        let week = try VigilBinary.run(["status", "--db", db, "--at", "2025-01-15T12:00:00Z", "--week"])
        XCTAssertEqual(week.status, 0, week.combined)
        XCTAssertTrue(week.stdout.hasPrefix("Status HEALTHY at @2025-01-15T12:00:00Z (looking back 1w)"), week.stdout)
        XCTAssertTrue(week.stdout.contains("""

            Incident response
              payments: 1 incident opened, MTTD 10m, MTTA n/a (none acknowledged), MTTR 1h
              all services: 1 incident opened, MTTD 10m, MTTA n/a (none acknowledged), MTTR 1h

            """), week.stdout)
        let json = try VigilBinary.run(["status", "--db", db, "--at", "2025-01-15T12:00:00Z", "--week", "--format", "json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["period_seconds"] as? Double, 7 * 86_400)
        XCTAssertEqual((object["incident_response"] as? [[String: Any]])?.first?["mttr_seconds"] as? Double, 3600)

        let day = try VigilBinary.run(["status", "--db", db, "--at", "2025-01-15T12:00:00Z"])
        XCTAssertTrue(day.stdout.contains("Incident response\n  no incidents opened in the period\n"), day.stdout)
    }

    /// A program's own global `status` is its own: `vigil status` still calls the builtin
    /// (it used to evaluate `status(period: …)` by name and fail with "cannot call a record"),
    /// and the script still reads its record.
    func testAProgramsOwnStatusGlobalDoesNotReplaceTheBuiltin() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-status-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("own-status.vigil").path
        try "let status = {owner: \"payments\", tier: 1}\nprint(\"owner {status.owner}, tier {status.tier}\")\n"
            .write(toFile: path, atomically: true, encoding: .utf8)

        let report = try VigilBinary.run(["status", path, "--db", ":memory:", "--at", "2025-01-15T12:00:00Z", "--period", "2h"])
        XCTAssertEqual(report.status, 0, report.combined)
        XCTAssertTrue(report.stdout.hasPrefix("Status HEALTHY at @2025-01-15T12:00:00Z (looking back 2h)"), report.combined)
        XCTAssertEqual(report.stderr, "owner payments, tier 1\n", "the program's print goes to stderr; stdout is the report")

        let script = try VigilBinary.run(["run", path])
        XCTAssertEqual(script.status, 0, script.combined)
        XCTAssertEqual(script.stdout, "owner payments, tier 1\n")
    }

    func testHTMLRendersInHeadlessChromium() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.chromium) else {
            throw XCTSkip("\(Self.chromium) is not installed (Debian package chromium)")
        }
        let result = try VigilBinary.run(Self.args + ["--format", "html"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertFalse(result.stdout.contains("http://") && !result.stdout.contains("http://www.w3.org/2000/svg"),
                       "the page fetches nothing")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-status-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("status.html")
        try result.stdout.write(to: page, atomically: true, encoding: .utf8)

        let dom = try Self.chromium(["--dump-dom", page.absoluteString], in: dir)
        XCTAssertTrue(dom.contains("<span id=\"overall\">DEGRADED</span>"), dom)
        XCTAssertTrue(dom.contains("data-service=\"checkout\""), dom)
        XCTAssertTrue(dom.contains("<polyline"), "sparklines are inline SVG")
        XCTAssertTrue(dom.contains("<td data-vital=\"p95\">119.683ms</td>"), dom)
        XCTAssertTrue(dom.contains("<h2>Incident response</h2>"), dom)

        let png = dir.appendingPathComponent("status.png")
        _ = try Self.chromium(["--screenshot=\(png.path)", "--window-size=1024,768", page.absoluteString], in: dir)
        let bytes = try Data(contentsOf: png)
        XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG")
        func be32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        XCTAssertEqual(be32(16), 1024)
        XCTAssertEqual(be32(20), 768)
        // A rendered page, not a blank one: the screenshot compresses to more than a white frame would.
        XCTAssertGreaterThan(bytes.count, 10_000)
    }

    static func chromium(_ args: [String], in dir: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                             "--user-data-dir=\(dir.appendingPathComponent("profile").path)"] + args
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
