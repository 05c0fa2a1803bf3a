import VigilSeries
import XCTest
@testable import VigilStore

final class DeploymentRepositoryTests: XCTestCase {
    private let minute = TimeUnit.minute

    func testACanaryThatPromotesRecordsItsStagesAndTraffic() throws {
        let deployments = try VigilDatabase.inMemory().deployments
        let deployment = try deployments.create(service: "checkout", version: "v1.5.0", strategy: .canary,
                                                at: 0, previousVersion: "v1.4.2")
        XCTAssertEqual(deployment.status, .running)
        XCTAssertNil(deployment.finishedAt)
        var weight = 0.0
        for (index, step) in [10.0, 50.0, 100.0].enumerated() {
            let at = Int64(index) * 10 * minute
            try deployments.recordTrafficChange(deployment.id, from: weight, to: step, reason: "step \(index + 1)", at: at)
            try deployments.startStage(deployment.id, index: index, weight: step, at: at)
            try deployments.endStage(deployment.id, index: index, outcome: .passed, at: at + 10 * minute)
            weight = step
        }
        let promoted = try deployments.transition(deployment.id, to: .promoted, at: 30 * minute)
        XCTAssertEqual(promoted.status, .promoted)
        XCTAssertEqual(promoted.finishedAt, 30 * minute)

        let stages = try deployments.stages(deployment.id)
        XCTAssertEqual(stages.map(\.weight), [10, 50, 100])
        XCTAssertEqual(stages.map(\.outcome), [.passed, .passed, .passed])
        XCTAssertEqual(stages.last?.endedAt, 30 * minute)
        XCTAssertEqual(try deployments.trafficChanges(deployment.id).map(\.toWeight), [10, 50, 100])
    }

    func testRollbackRecordsTheRuleAndValuesAndFinishesTheDeployment() throws {
        let deployments = try VigilDatabase.inMemory().deployments
        let deployment = try deployments.create(service: "checkout", version: "v1.5.0", strategy: .canary, at: 0)
        try deployments.startStage(deployment.id, index: 0, weight: 10, at: 0)
        let observed = ["error_rate": 0.021, "baseline": 0.004, "p95": Double.nan]
        try deployments.recordRollback(deployment.id, rule: "error_rate > baseline + 0.5% for 10m",
                                       observed: observed, reason: "error rate 2.1% vs baseline 0.4%", at: 12 * minute)
        try deployments.recordRollback(deployment.id, rule: "alarm(P1)", observed: [:], reason: "P1 fired", at: 12 * minute)
        try deployments.recordTrafficChange(deployment.id, from: 10, to: 0, reason: "rollback", at: 12 * minute)

        let stored = try XCTUnwrap(deployments.deployment(deployment.id))
        XCTAssertEqual(stored.status, .rolledBack)
        XCTAssertEqual(stored.finishedAt, 12 * minute)
        let events = try deployments.rollbackEvents(deployment.id)
        XCTAssertEqual(events.count, 2)
        XCTAssertEqual(events.first, RollbackEvent(deploymentID: deployment.id, at: 12 * minute,
                                                   rule: "error_rate > baseline + 0.5% for 10m", observed: observed,
                                                   reason: "error rate 2.1% vs baseline 0.4%"))
        XCTAssertTrue(events.first?.observed["p95"]?.isNaN == true)
    }

    func testHistoryIsNewestFirstAndPreviousVersionIsInferred() throws {
        let deployments = try VigilDatabase.inMemory().deployments
        let first = try deployments.create(service: "checkout", version: "v1.4.2", strategy: .canary, at: 0)
        try deployments.transition(first.id, to: .promoted, at: 30 * minute)
        let failed = try deployments.create(service: "checkout", version: "v1.5.0", strategy: .canary, at: 60 * minute)
        try deployments.recordRollback(failed.id, rule: "alarm(P1)", observed: [:], reason: "P1", at: 70 * minute)
        try deployments.create(service: "search", version: "v9", strategy: .blueGreen, at: 80 * minute)
        let retry = try deployments.create(service: "checkout", version: "v1.5.1", strategy: .blueGreen, at: 90 * minute)

        XCTAssertNil(first.previousVersion)
        XCTAssertEqual(failed.previousVersion, "v1.4.2")
        XCTAssertEqual(retry.previousVersion, "v1.4.2", "a rolled-back version never served, so it is not the previous one")
        XCTAssertEqual(try deployments.deployments(service: "checkout").map(\.version), ["v1.5.1", "v1.5.0", "v1.4.2"])
        XCTAssertEqual(try deployments.deployments(service: "search").map(\.strategy), [.blueGreen])

        XCTAssertEqual(try deployments.lastDeployment(service: "checkout"), retry)
        XCTAssertNil(try deployments.lastDeployment(service: "billing"))
    }

    func testLifecycleRefusesForbiddenMoves() throws {
        let deployments = try VigilDatabase.inMemory().deployments
        let deployment = try deployments.create(service: "api", version: "v2", strategy: .canary, at: 0)
        try deployments.transition(deployment.id, to: .paused, at: 1)
        assertStoreError(.invalidTransition) { try deployments.transition(deployment.id, to: .paused, at: 2) }
        assertStoreError(.invalidTransition) { try deployments.transition(deployment.id, to: .promoted, at: 2) }
        try deployments.transition(deployment.id, to: .running, at: 3)
        try deployments.transition(deployment.id, to: .aborted, at: 4)
        assertStoreError(.invalidTransition) { try deployments.transition(deployment.id, to: .running, at: 5) }
        assertStoreError(.invalidTransition) {
            try deployments.recordRollback(deployment.id, rule: "r", observed: [:], reason: "late", at: 5)
        }
        assertStoreError(.invalidTransition) { try deployments.startStage(deployment.id, index: 0, weight: 10, at: 5) }
        XCTAssertEqual(try deployments.deployment(deployment.id)?.finishedAt, 4)
    }

    func testBadInputIsRefusedWithClearErrors() throws {
        let deployments = try VigilDatabase.inMemory().deployments
        assertStoreError(.notFound) { try deployments.transition(42, to: .promoted, at: 0) }
        assertStoreError(.invalidData) { try deployments.create(service: "", version: "v1", strategy: .canary, at: 0) }
        let deployment = try deployments.create(service: "api", version: "v1", strategy: .canary, at: 0)
        assertStoreError(.invalidData) { try deployments.startStage(deployment.id, index: 0, weight: 150, at: 0) }
        assertStoreError(.invalidData) {
            try deployments.recordTrafficChange(deployment.id, from: 0, to: -1, reason: "x", at: 0)
        }
        try deployments.startStage(deployment.id, index: 0, weight: 10, at: 0)
        assertStoreError(.invalidTransition) { try deployments.startStage(deployment.id, index: 0, weight: 20, at: 1) }
        assertStoreError(.notFound) { try deployments.endStage(deployment.id, index: 1, outcome: .passed, at: 1) }
        try deployments.endStage(deployment.id, index: 0, outcome: .inconclusive, at: 1)
        assertStoreError(.invalidTransition) { try deployments.endStage(deployment.id, index: 0, outcome: .passed, at: 2) }
    }
}
