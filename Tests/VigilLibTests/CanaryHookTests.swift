import XCTest
import VigilEngines
import VigilLib
import VigilRuntime

/// `on step`, `on promote`, `on rollback` (and `on pause`, `on abort`) through the language:
/// each runs once per event, after the event, reading the canary as the event left it;
/// hooks may print and may call the canary's actions, which act on their own canary.
final class CanaryHookTests: XCTestCase {
    let minute = CanaryFixture.minute

    func canary(_ hooks: String, simulation: String = "") -> String {
        CanaryFixture.program("""
              steps 10%, 50%, 100%
              bake 10m
              when error_rate > baseline + 0.5% for 5m then rollback
              \(hooks)
            """, simulation: simulation)
    }

    func testStepRunsAtEveryStepAndPromoteOnceAtTheEndAndRollbackNever() throws {
        let run = try CanaryFixture(canary("""
              on step print("step: {candidate} at {weight}, {status}")
              on promote print("promoted: {candidate} at {weight}, {status}")
              on rollback print("rolled back")
            """))
        XCTAssertEqual(run.status, .promoted)
        XCTAssertEqual(run.printed, [
            "step: v2 at 10%, progressing", "step: v2 at 50%, progressing", "step: v2 at 100%, progressing",
            "promoted: v2 at 100%, promoted",
        ])
    }

    func testRollbackRunsAfterTrafficAndVersionAreRevertedAndPromoteNever() throws {
        let run = try CanaryFixture(canary("""
              on step print("step at {weight}")
              on promote print("promoted")
              on rollback print("{candidate} back to {stable} at {weight}, {status}")
            """, simulation: "fault error_rate(5%, at: 2m)"))
        XCTAssertEqual(run.status, .rolledBack)
        XCTAssertEqual(run.printed, ["step at 10%", "v2 back to v1 at 0%, rolled_back"])
        // The revert's order: traffic first (it stops the harm), then the version, then the user's hook.
        let revert = run.run.timeline.filter { $0.contains("ok  ") }.map { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().joined(separator: " ") }
        XCTAssertEqual(revert, ["ok traffic route to stable: candidate weight 0%", "ok spec version: checkout back on v1", "ok user on rollback"])
    }

    func testAHookMayPauseItsCanaryWhichThenRunsItsPauseHook() throws {
        let run = try CanaryFixture(canary("""
              on step pause
              on pause print("held at {weight}: {status}")
              on promote print("promoted")
            """))
        XCTAssertEqual(run.status, .paused(.manual(nil)))
        XCTAssertEqual(run.coordinator.weight, 0.1, "held at the first step")
        XCTAssertEqual(run.printed, ["held at 10%: paused (paused by operator)"])
        XCTAssertNil(run.promotedAt)
    }

    func testAPromoteHookMayPullTheKillSwitch() throws {
        let run = try CanaryFixture(canary("""
              on promote kill_switch
              on abort print("killed at {weight}")
            """))
        XCTAssertEqual(run.status, .killed)
        XCTAssertEqual(run.coordinator.weight, 0)
        XCTAssertEqual(run.printed, ["killed at 0%"])
    }

    func testAFailingRollbackHookIsReportedAndTheRevertStillCompletes() throws {
        let run = try CanaryFixture(canary("on rollback resume", simulation: "fault error_rate(5%, at: 2m)"))
        XCTAssertEqual(run.status, .rolledBack)
        XCTAssertEqual(run.coordinator.weight, 0)
        let error = try XCTUnwrap(run.error as? RuntimeError, "a failed hook fails the run")
        XCTAssertEqual(error.message, "cannot resume a deployment that is rolled_back")
        XCTAssertEqual(run.timeline(containing: "ok     traffic").count, 1)
        XCTAssertEqual(run.timeline(containing: "ok     spec").count, 1)
        XCTAssertEqual(run.timeline(containing: "FAILED user     on rollback: cannot resume a deployment that is rolled_back").count, 1,
                       run.run.timeline.joined(separator: "\n"))
    }
}
