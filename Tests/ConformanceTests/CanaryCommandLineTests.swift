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

    /// `--require-promotion` makes the run a pipeline gate: the rolled-back search release
    /// fails it, the promoted checkout release passes.
    func testRequirePromotionFailsARolledBackRelease() throws {
        let failed = try VigilBinary.run(["run", example, "search", "--require-promotion"])
        XCTAssertEqual(failed.status, 1, failed.combined)
        XCTAssertTrue(failed.stdout.contains("canary search: rolled_back"), failed.stdout)
        XCTAssertEqual(failed.stderr, "vigil: canary search was not promoted: rolled_back\n")
        let passed = try VigilBinary.run(["run", example, "checkout", "--require-promotion"])
        XCTAssertEqual(passed.status, 0, passed.combined)
        XCTAssertTrue(passed.stdout.contains("canary checkout: promoted"), passed.stdout)
        XCTAssertEqual(passed.stderr, "")
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
