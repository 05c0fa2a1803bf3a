import XCTest
@testable import VigilEngines

final class RollbackManagerTests: XCTestCase {
    private struct HookFailure: Error, CustomStringConvertible {
        let description: String
    }

    func testHooksRunTrafficFirstThenSpecThenUserAndFailuresDoNotStopTheRest() {
        let manager = RollbackManager(hooks: [
            RevertHook(name: "notify #deploys", stage: .user) { "sent" },
            RevertHook(name: "revert spec to v1.4.2", stage: .specification) { throw HookFailure(description: "kubectl exited 1") },
            RevertHook(name: "route to stable", stage: .traffic) { "weight 0%" },
            RevertHook(name: "clear feature cache", stage: .user) { nil },
        ])
        let report = manager.run(at: 1_000)
        XCTAssertEqual(report.outcomes.map(\.hook), ["route to stable", "revert spec to v1.4.2", "notify #deploys", "clear feature cache"])
        XCTAssertEqual(report.outcomes[1].result, .failed("kubectl exited 1"))
        XCTAssertEqual(report.outcomes[2].result, .succeeded("sent"))
        XCTAssertFalse(report.succeeded)
        XCTAssertEqual(report.failures.map(\.hook), ["revert spec to v1.4.2"])
        XCTAssertTrue(report.summary.contains("FAILED spec     revert spec to v1.4.2: kubectl exited 1"), report.summary)
    }

    func testEmptyManagerSucceeds() {
        XCTAssertTrue(RollbackManager().run(at: 0).succeeded)
    }
}
