import Foundation
import XCTest

/// Issue 12 through the command line: huge quantities are located errors (exit 2), never a
/// trap; --timeout bounds the whole run, engine loops and long builtins included;
/// --max-memory stops a run before the allocator does; imports stay in their roots; the
/// error summary counts every error.
final class RunLimitTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func vigil(_ args: [String], _ environment: [String: String] = [:]) throws -> VigilBinary.Result {
        try VigilBinary.run(args, environment: ["HOME": folder.path, "VIGIL_DB": ""].merging(environment) { $1 }, directory: folder)
    }

    var data: String {
        get throws { try write("d.csv", "timestamp,metric,value\n1737007200,x,1\n1737007260,x,2\n1737007320,x,3\n") }
    }

    func testHugeWindowsAreLocatedErrors() throws {
        let d = try data
        for call in ["rate(series(\"x\"), 1e300s)", "forecast(series(\"x\"), 1e300s)", "zscore(series(\"x\"), 1e300s)",
                     "absent(series(\"x\"), 1e300s)"] {
            let file = try write("w.vigil", "print(\(call))\n")
            let r = try vigil(["run", "--data", d, "--at", "2025-01-16T06:03:00Z", file])
            XCTAssertEqual(r.status, 2, call)
            XCTAssertTrue(r.stderr.contains("w.vigil:1:7: error: 1e+300s is out of range"), r.stderr)
            XCTAssertTrue(r.stderr.contains("hint: durations and times are limited to ±285,000 years"), r.stderr)
        }
        let top = try write("top.vigil", "print(top(1e300, series(\"x\")))\n")
        let r = try vigil(["run", "--data", d, "--at", "2025-01-16T06:03:00Z", top])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("3"), r.stdout)
    }

    func testHugeRuleTimingIsALocatedError() throws {
        let file = try write("r.vigil", """
            rule "r" {
              every 1e300s
              when series("x") > 1
              then notify("#a", "b")
            }

            """)
        let r = try vigil(["replay", "--data", try data, "--from", "2025-01-16T06:00:00Z", "--to", "2025-01-16T06:10:00Z", file])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("r.vigil:2:9: error: 1e+300s is out of range"), r.stderr)
    }

    func testHugeTestTimesAndSimulatorSettingsAreLocatedErrors() throws {
        let test = try write("t.vigil", """
            rule "r" {
              every 1m
              when series("x") > 1
              then notify("#a", "b")
            }
            test "t" {
              series("x") = "0+1x5"
              at 1e300s expect inactive "r"
            }

            """)
        let r = try vigil(["test", test])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stdout.contains("t.vigil:8:6: error: 1e+300s is out of range"), r.stdout)
        let canary = try String(contentsOf: VigilBinary.repoRoot.appendingPathComponent("examples/canary-rollback.vigil"), encoding: .utf8)
        for (from, to, message) in [("bake 10m", "bake 1e300s", "1e+300s is out of range"),
                                    ("seed 7", "seed 1e300", "`seed` needs a whole number from 0 to 2^53, found 1e+300"),
                                    ("traffic 100", "traffic 1e300", "simulator: requests per second must be from 0 to 1e9, got 1e+300"),
                                    ("at: 2m", "at: 1e300s", "1e+300s is out of range")] {
            let file = try write("c.vigil", canary.replacingOccurrences(of: from, with: to))
            let r = try vigil(["run", file])
            XCTAssertEqual(r.status, 2, to)
            XCTAssertTrue(r.stderr.contains("error: " + message), r.stderr)
        }
    }

    func testCommandLineDurationsAndTimeoutAreChecked() throws {
        let file = try write("r.vigil", "rule \"r\" {\n  every 1m\n  when series(\"x\") > 1\n  then notify(\"#a\", \"b\")\n}\n")
        let d = try data
        for args in [["watch", "--data", d, "--every", "1e300s", "--once", file], ["watch", "--data", d, "--for", "1e300s", file]] {
            let r = try vigil(args)
            XCTAssertEqual(r.status, 2, r.stderr)
            XCTAssertTrue(r.stderr.contains("expects a positive duration such as 30s or 1m, got `1e300s`"), r.stderr)
        }
        let r = try vigil(["run", "--timeout", "nan", file])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("--timeout must be a positive number of seconds, found nan"), r.stderr)
        let memory = try vigil(["run", "--max-memory", "lots", file])
        XCTAssertTrue(memory.stderr.contains("--max-memory expects a size of at least 1MiB such as 2GiB or 512MiB, found `lots`"), memory.stderr)
    }

    /// A canary baking for 100 days, evaluated every second, stops at --timeout.
    func testCanaryLoopStopsAtTheRunTimeout() throws {
        let canary = try String(contentsOf: VigilBinary.repoRoot.appendingPathComponent("examples/canary-rollback.vigil"), encoding: .utf8)
        let long = canary.replacingOccurrences(of: "bake 10m", with: "bake 100d").replacingOccurrences(of: "every 1m", with: "every 1s")
            .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("fault") }.joined(separator: "\n")
        let file = try write("c.vigil", long)
        let started = Date()
        let r = try vigil(["run", "--timeout", "2", file])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("c.vigil:12:8: error: time limit of 2s exceeded (raise it with --timeout)"), r.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 30)
    }

    func testReplayAndTestLoopsStopAtTheTimeout() throws {
        let file = try write("r.vigil", """
            rule "r" {
              every 1m
              when series("x") > 1
              then notify("#a", "b")
            }
            test "t" {
              series("x") = "0+1x5"
              at 10000d expect inactive "r"
            }

            """)
        let replay = try vigil(["replay", "--data", try data, "--from", "2000-01-01", "--to", "2025-01-01", "--timeout", "2", file])
        XCTAssertEqual(replay.status, 2)
        XCTAssertTrue(replay.stderr.contains("r.vigil:3:8: error: time limit of 2s exceeded (raise it with --timeout)"), replay.stderr)
        let test = try vigil(["test", "--timeout", "2", file])
        XCTAssertEqual(test.status, 2)
        XCTAssertTrue(test.stdout.contains("r.vigil:3:8: error: time limit of 2s exceeded (raise it with --timeout)"), test.stdout)
    }

    /// One call doing a lot of work stops inside it, not at the next statement.
    func testLongBuiltinStopsAtTheTimeout() throws {
        let file = try write("s.vigil", "let x = sort(range(5000000))\nprint(\"done\")\n")
        let r = try vigil(["run", "--timeout", "1", file])
        XCTAssertEqual(r.status, 2)
        // The list is built within the second on a fast machine; the sort then stops inside.
        XCTAssertTrue(r.stderr.contains("error: time limit of 1s exceeded (raise it with --timeout)"), r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("s.vigil:1:9:") || r.stderr.hasPrefix("s.vigil:1:14:"), r.stderr)
        XCTAssertFalse(r.stdout.contains("done"))
    }

    /// The example: 20 rounds over five-million-item lists under `--timeout 1` ran for
    /// 17 s and exited 0. Building the list and reversing it count their work too, so the run
    /// stops at the limit, not seconds after it (the bound here is generous for a debug build).
    func testRoundsOfLargeListWorkStopAtTheTimeout() throws {
        let file = try write("w.vigil", "for i in range(20) {\n  let x = sort(reverse(range(5000000)))\n}\nprint(\"done\")\n")
        let started = Date()
        let r = try vigil(["run", "--timeout", "1", file])
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("error: time limit of 1s exceeded (raise it with --timeout)"), r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("w.vigil:2:"), r.stderr)
        XCTAssertFalse(r.stdout.contains("done"))
        XCTAssertLessThan(elapsed, 10, "the run went on \(elapsed)s past a 1s limit")
    }

    func testDoublingAStringStopsAtTheMemoryLimit() throws {
        let file = try write("m.vigil", "let s = \"a\"\nfor i in range(64) { s = s + s }\nprint(len(s))\n")
        let r = try vigil(["run", "--max-memory", "256MiB", file])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("m.vigil:2:26: error: building a value of"), r.stderr)
        XCTAssertTrue(r.stderr.contains("would pass the memory limit of 256 MiB (raise it with --max-memory)"), r.stderr)
    }

    func testImportsCannotLeaveTheirRoot() throws {
        let secret = try write("secret.vigil", "let token = 1\n")
        _ = try write("lib/std/ok.vigil", "let x = 1\n")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("lib/std/link.vigil").path, withDestinationPath: secret)
        let env = ["VIGIL_STDLIB": folder.appendingPathComponent("lib").path]
        for (path, message) in [("std/../../secret", "import path \"std/../../secret\" leaves its root"),
                                (secret, "import path \"\(secret)\" is absolute"),
                                ("std/link", "import path \"std/link\" leaves its root")] {
            let file = try write("i.vigil", "import \"\(path)\"\nprint(1)\n")
            let r = try vigil(["run", file], env)
            XCTAssertEqual(r.status, 2, path)
            XCTAssertTrue(r.stderr.contains("i.vigil:1:8: error: " + message), r.stderr)
        }
        let ok = try write("i.vigil", "import \"std/ok\" as ok\nprint(ok.x)\n")
        let r = try vigil(["run", ok], env)
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testErrorSummaryCountsTheErrorsNotShown() throws {
        let file = try write("q.vigil", String(repeating: "?\n", count: 73))
        let r = try vigil(["run", file])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("q.vigil:51:1: note: … and 23 more errors"), r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("50 of 73 errors shown\n"), String(r.stderr.suffix(200)))
        let gate = try vigil(["check", file])
        XCTAssertEqual(gate.status, 2)
        XCTAssertTrue(gate.combined.contains("ERROR: 50 of 73 errors shown, the gate was not judged"), gate.combined)
    }
}
