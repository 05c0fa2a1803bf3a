import Foundation
import XCTest

/// `vigil repl --data FILE`: recorded samples are looked at where they end, not at the wall clock.
final class ReplDataTests: XCTestCase {
    func testDataFilesStartAtTheNewestSampleAndSaySo() throws {
        let r = try VigilBinary.run(["repl", "--data", "examples/data/checkout.csv"],
                                    stdin: "now()\nsum(rate(series(\"http_requests_total\", service: \"checkout\"), 5m))\n")
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertEqual(r.stdout, "@2025-01-15T12:00:00Z\n134.71\n")
        XCTAssertEqual(r.stderr, "vigil: evaluating at the newest sample, 2025-01-15T12:00:00Z (choose another time with --at)\n")
    }

    func testAStoreStartsAtItsNewestSampleToo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-repl-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("store.sqlite").path
        XCTAssertEqual(try VigilBinary.run(["ingest", "--db", db, "examples/data/checkout.csv"]).status, 0)
        let r = try VigilBinary.run(["repl", "--db", db], stdin: "now()\nsum(rate(series(\"http_requests_total\", service: \"checkout\"), 5m))\n")
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertEqual(r.stdout, "@2025-01-15T12:00:00Z\n134.71\n")
        XCTAssertEqual(r.stderr, "vigil: evaluating at the newest sample, 2025-01-15T12:00:00Z (choose another time with --at)\n")
    }

    func testWithoutDataTheREPLRunsAtTheWallClockAndSaysNothing() throws {
        let r = try VigilBinary.run(["repl"], stdin: "now() > @2026-01-01T00:00:00Z\n")
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertEqual(r.stdout, "true\n")
        XCTAssertEqual(r.stderr, "")
    }

    func testAtStillChoosesTheTime() throws {
        let r = try VigilBinary.run(["repl", "--data", "examples/data/checkout.csv", "--at", "2025-01-15T11:00:00Z"], stdin: "now()\n")
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertEqual(r.stdout, "@2025-01-15T11:00:00Z\n")
        XCTAssertEqual(r.stderr, "")
    }
}

/// `:type EXPR` at the REPL.
final class ReplTypeCommandTests: XCTestCase {
    func testTypeNamesTheValuesTypeAndUnit() throws {
        let r = try VigilBinary.run(["repl"], stdin: "let step = 5m\n:type step / 2\n:type \"a\"\n:type [1, 2]\n")
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertEqual(r.stdout, "duration\nstring\nlist\n")
    }

    func testTypeWithoutAnExpressionSaysWhatItExpects() throws {
        let r = try VigilBinary.run(["repl"], stdin: ":type let x = 1\n")
        XCTAssertEqual(r.stderr, "vigil: error: :type expects one expression, such as `:type 5m / 2`\n")
    }
}
