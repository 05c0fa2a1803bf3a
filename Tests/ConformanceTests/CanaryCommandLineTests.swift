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

    /// `traffic exec("kubectl", …)` runs only with `--allow-exec kubectl`: without it the
    /// canary is refused at the program's name before anything moves, and allowing another
    /// program does not help.
    func testATrafficProgramTheCommandLineDoesNotAllowIsRefused() throws {
        let refused = try VigilBinary.run(["run", "examples/canary-exec.vigil"])
        XCTAssertEqual(refused.status, 2, refused.combined)
        XCTAssertEqual(refused.stdout, "")
        XCTAssertTrue(refused.stderr.hasPrefix("""
            examples/canary-exec.vigil:24:5: error: `traffic exec`: `kubectl` may not run: only programs named by --allow-exec \
            on the command line can (no program is allowed); add `--allow-exec kubectl` to allow it
            """), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("= hint: run it again with `--allow-exec kubectl`"), refused.stderr)
        let other = try VigilBinary.run(["run", "examples/canary-exec.vigil", "--allow-exec", "sh"])
        XCTAssertEqual(other.status, 2, other.combined)
        XCTAssertTrue(other.stderr.contains("(allowed: `sh`); add `--allow-exec kubectl` to allow it"), other.stderr)
    }
}
