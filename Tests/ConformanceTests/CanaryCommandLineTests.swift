import XCTest

/// `vigil run FILE NAME` (LANGUAGE.md §15): only the named canary runs; an unknown name is
/// a usage error, found before anything runs, with the closest declared name.
final class CanaryCommandLineTests: XCTestCase {
    let example = "examples/canary-blue-green.vigil"

    func testNamedCanaryRunsAlone() throws {
        let r = try VigilBinary.run(["run", example, "search"])
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("canary search: rolled_back"), r.stdout)
        XCTAssertFalse(r.stdout.contains("canary checkout"), "the other canary must not run:\n\(r.stdout)")
    }

    func testUnknownNameSuggestsTheClosestAndRunsNothing() throws {
        let r = try VigilBinary.run(["run", example, "serch"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stdout, "", "nothing ran")
        XCTAssertEqual(r.stderr, "vigil: error: no canary named `serch` in \(example); did you mean `search`?\n")
    }

    func testNameFarFromEveryCanaryListsThem() throws {
        let r = try VigilBinary.run(["run", example, "payments"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "vigil: error: no canary named `payments` in \(example); its canaries: `checkout`, `search`\n")
    }
}
