import Foundation
import XCTest

/// The REPL's commands for an operator: `:rules`, `:at`, `:data`, `:load`, `:reload`,
/// `:help NAME`, a typed policy or rule, and values shown for people.
final class ReplCommandsTests: XCTestCase {
    private let rules = "examples/replay-checkout.vigil"
    private let data = "examples/data/replay-checkout.csv"

    func testRulesShowEachStatePerLabelSetAtTheChosenTime() throws {
        let r = try VigilBinary.run(["repl", rules, "--data", data], stdin: ":rules\n:at 2025-01-15T14:30:00Z\n:rules\n")
        XCTAssertEqual(r.status, 0, r.combined)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "checkout 5xx  inactive  errors_per_second = 0.2 <= 1")
        XCTAssertEqual(lines[3], "evaluating at 2025-01-15T14:30:00Z")
        XCTAssertEqual(lines[4], "checkout 5xx {code=\"500\", service=\"checkout\"}  firing since 2025-01-15T14:24:00Z  errors_per_second = 2.5 > 1")
        XCTAssertEqual(lines.count, 7, r.stdout)
    }

    func testAtRefusesWhatIsNotATime() throws {
        let r = try VigilBinary.run(["repl"], stdin: ":at yesterday-ish\n:at\n")
        XCTAssertTrue(r.stderr.contains("vigil: error: :at expects a time such as"), r.stderr)
        XCTAssertTrue(r.stderr.contains("got `yesterday-ish`"), r.stderr)
        XCTAssertTrue(r.stderr.contains("vigil: error: :at expects a time\n"), r.stderr)
    }

    func testATypedRuleShowsItsStateNow() throws {
        let r = try VigilBinary.run(["repl", "--data", data, "--at", "2025-01-15T14:30:00Z"],
                                    stdin: "rule \"many 5xx\" { when series(\"http_requests_total\", code: \"500\") > 1000 for 1m }\n")
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertEqual(r.stdout, "many 5xx {code=\"500\", service=\"checkout\"}  firing since 2025-01-15T14:28:00Z  series(\"http_requests_total\", code: \"500\") = 1777.5 > 1000\n")
    }

    func testATypedPolicyIsJudgedAsCheckWould() throws {
        let policy = "policy \"p\" { require rate(series(\"http_requests_total\", code: \"500\"), 5m) < 1 \"few errors\" }\n"
        let r = try VigilBinary.run(["repl", "--data", data, "--at", "2025-01-15T14:30:00Z"], stdin: policy)
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("FAIL  few errors: rate(series(\"http_requests_total\", code: \"500\"), 5m) = {code=\"500\", service=\"checkout\"} 2.5 >= 1"), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("FAIL: 0 of 1 requirements passed, 1 failed\n"), r.stdout)
    }

    func testDataAddsSamplesAndMovesToTheNewest() throws {
        let r = try VigilBinary.run(["repl"], stdin: ":data \(data)\nnow()\n:data no-such-file.csv\nnow()\n")
        XCTAssertEqual(r.stdout, "loaded \(data); evaluating at the newest sample, 2025-01-15T15:00:00Z\n@2025-01-15T15:00:00Z\n@2025-01-15T15:00:00Z\n")
        XCTAssertTrue(r.stderr.contains("no-such-file.csv"), r.stderr)
    }

    func testLoadAndReloadRunTheFileAgain() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("limits.vigil")
        try "let limit = 5\n".write(to: file, atomically: true, encoding: .utf8)
        // The REPL reads its input only as it goes, so the file is edited between two runs of
        // the same input stream: the second `:reload` sees what the first did not.
        let process = try VigilBinary.process(["repl"])
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        input.fileHandleForWriting.write(Data(":reload\n:load \(file.path)\nlimit\n".utf8))
        Thread.sleep(forTimeInterval: 1)
        try "let limit = 7\n".write(to: file, atomically: true, encoding: .utf8)
        input.fileHandleForWriting.write(Data(":reload\nlimit\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(out, "loaded \(file.path)\n5\nreloaded \(file.path)\n7\n")
        // `:reload` before any file is an error, so piped input exits 2.
        XCTAssertEqual(process.terminationStatus, 2)
    }

    func testHelpDocumentsABuiltinOrNamesADefinitionsType() throws {
        let r = try VigilBinary.run(["repl"], stdin: "let window = 5m\n:help window\n:help rate\n:help nothing_here\n:relaod\n")
        XCTAssertTrue(r.stdout.hasPrefix("window: duration (defined in this session)\nrate(s: series, w: duration) -> vector\n"), r.stdout)
        XCTAssertTrue(r.stderr.contains("vigil: error: no builtin or definition named `nothing_here`; :doc lists the builtins"), r.stderr)
        XCTAssertTrue(r.stderr.contains("vigil: error: unknown command :relaod; did you mean :reload?"), r.stderr)
    }

    func testVectorsAndRecordListsPrintAsAlignedTables() throws {
        let r = try VigilBinary.run(["repl", "--data", data, "--at", "2025-01-15T14:30:00Z"],
                                    stdin: "rate(series(\"http_requests_total\", service: \"checkout\"), 5m)\n[{name: \"a\", n: 1}, {name: \"bbb\", n: 22}]\n")
        XCTAssertEqual(r.stdout, """
            code  service   value
            200   checkout  40
            500   checkout  2.5
            name  n
            a     1
            bbb   22

            """)
    }

    func testASeriesIsASparklineWithMinMaxLastInItsUnit() throws {
        let r = try VigilBinary.run(["repl", "--data", data, "--at", "2025-01-15T14:30:00Z"],
                                    stdin: "series(\"http_requests_total\", code: \"500\")\nseries(\"nope\")\n")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "{__name__=\"http_requests_total\", code=\"500\", service=\"checkout\"}")
        XCTAssertTrue(lines[1].hasPrefix("  ▁"), lines[1])
        XCTAssertTrue(lines[1].contains("█"), lines[1])
        XCTAssertTrue(lines[1].hasSuffix("min 3  max 1777.5  last 1777.5"), lines[1])
        XCTAssertEqual(lines[2], "nodata  (no series matched series(\"nope\"))")
    }
}
