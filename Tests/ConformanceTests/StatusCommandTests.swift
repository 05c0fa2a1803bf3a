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
        let items = try XCTUnwrap(json["attention"] as? [[String: Any]])
        XCTAssertEqual(items.map { $0["title"] as? String }, ["checkout_availability: error budget low"])
        XCTAssertEqual(items[0]["evidence"] as? String, "budget left 11.9% over 4w2d; burn rate 0.91x over the last 1h")
    }

    func testMarkdownHasTheHeadlineAndATable() throws {
        let result = try VigilBinary.run(Self.args + ["--format", "markdown"])
        XCTAssertTrue(result.stdout.hasPrefix("# Status: **DEGRADED**"), result.stdout)
        XCTAssertTrue(result.stdout.contains("| checkout | DEGRADED |"), result.stdout)
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
    }

    /// A healthy estate exits 0: no services, no incidents, nothing to look at.
    func testNothingToReportIsHealthy() throws {
        let result = try VigilBinary.run(["status", "--db", ":memory:", "--at", "2025-01-15T12:00:00Z"])
        XCTAssertEqual(result.status, 0, result.combined)
        XCTAssertTrue(result.stdout.hasPrefix("Status HEALTHY at @2025-01-15T12:00:00Z (looking back 1d)"), result.stdout)
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
