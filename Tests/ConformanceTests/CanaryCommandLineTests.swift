import XCTest

/// `vigil run FILE NAME` (LANGUAGE.md §15): only the named canary runs; an unknown name is
/// a usage error, found before anything runs, with the closest declared name.
final class CanaryCommandLineTests: XCTestCase {
    let example = "examples/canary-blue-green.vigil"

    func testNamedCanaryRunsAlone() throws {
        let r = try VigilBinary.run(["run", example, "search"])
        // The search release is rolled back, so the run fails as a gate would.
        XCTAssertEqual(r.status, 1, r.combined)
        XCTAssertTrue(r.stdout.contains("canary search: rolled_back"), r.stdout)
        XCTAssertEqual(r.stderr, "vigil: canary search was not promoted: rolled_back\n")
        XCTAssertFalse(r.stdout.contains("canary checkout"), "the other canary must not run:\n\(r.stdout)")
    }

    /// Only a promoted release passes: the blue/green checkout is promoted, so running it alone exits 0.
    func testAPromotedCanaryExitsZero() throws {
        let r = try VigilBinary.run(["run", example, "checkout"])
        XCTAssertEqual(r.status, 0, r.combined)
        XCTAssertTrue(r.stdout.contains("canary checkout: promoted"), r.stdout)
        XCTAssertEqual(r.stderr, "")
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
