import Foundation
import XCTest

/// Issue 12's sweep of Double-to-integer conversions, through the command line: each huge or
/// sub-millisecond duration that used to reach an `Int(…)` is a located error with exit 2.
final class DoubleConversionTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-conversions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func vigil(_ args: [String]) throws -> VigilBinary.Result {
        try VigilBinary.run(args, environment: ["HOME": folder.path, "VIGIL_DB": ""], directory: folder)
    }

    func testHugeEngineDurationsAreLocatedErrors() throws {
        let data = try write("d.csv", "timestamp,metric,value\n1737007200,x,1\n1737007260,x,2\n1737007320,x,3\n")
        for (call, column) in [("anomaly(series(\"x\"), window: 1e300s)", 7),
                               ("baseline(series(\"x\"), window: 1e300s)", 7),
                               ("anomalies(since: 1e300s)", 7),
                               ("status(period: 1e300s)", 7)] {
            let file = try write("w.vigil", "print(\(call))\n")
            let r = try vigil(["run", "--data", data, "--at", "2025-01-16T06:03:00Z", file])
            XCTAssertEqual(r.status, 2, "\(call): \(r.combined)")
            XCTAssertTrue(r.stderr.contains("w.vigil:1:"), "\(call): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("error: 1e+300s is out of range"), "\(call): \(r.stderr)")
            _ = column
        }
    }

    func testSubMillisecondScheduleSaysAtLeastOneMillisecond() throws {
        let rule = """
            rule "r" {
              every 0.1ms
              when series("x") > 1
              then notify("#a", "b")
            }

            """
        let file = try write("r.vigil", rule)
        let data = try write("d.csv", "timestamp,metric,value\n1737007200,x,1\n")
        let r = try vigil(["replay", "--data", data, "--from", "2025-01-16T06:00:00Z", "--to", "2025-01-16T06:10:00Z", file])
        XCTAssertEqual(r.status, 2, r.combined)
        XCTAssertTrue(r.stderr.contains("r.vigil:2:9: error: `every` must be at least 1ms"), r.stderr)

        let test = try write("t.vigil", rule.replacingOccurrences(of: "every 0.1ms", with: "every 1m") + """
            test "t" {
              interval 0.1ms
              series("x") = "0+1x5"
              at 1m expect inactive "r"
            }

            """)
        let t = try vigil(["test", test])
        XCTAssertEqual(t.status, 2, t.combined)
        XCTAssertTrue(t.combined.contains("error: `interval` must be at least 1ms"), t.combined)
    }

    func testHugeGuardrailCountsAreLocatedErrors() throws {
        let root = VigilBinary.repoRoot
        let example = try String(contentsOf: root.appendingPathComponent("examples/runbook-error-spike.vigil"), encoding: .utf8)
        let data = root.appendingPathComponent("examples/data/runbook-error-spike.csv").path
        let file = try write("g.vigil", example.replacingOccurrences(of: "limit page to 3 per 1h", with: "limit page to 1e300 per 1h"))
        let r = try vigil(["run", file, "--data", data, "--at", "2025-01-15T14:25:00Z", "--dry-run", "--yes"])
        XCTAssertEqual(r.status, 2, r.combined)
        let text = example.replacingOccurrences(of: "limit page to 3 per 1h", with: "limit page to 1e300 per 1h")
        let line = try XCTUnwrap(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("limit page to 1e300") }) + 1
        XCTAssertTrue(r.combined.contains("g.vigil:\(line):17: error: `limit page to` needs a whole number of actions, such as 3"), r.combined)
    }
}
