import VigilSeries
import XCTest
@testable import VigilEngines

final class CanaryCoordinatorTests: XCTestCase {
    private let minute = TimeUnit.minute
    private let healthy = CanaryAnalysis(rules: [RuleObservation(name: "errors", state: .inactive)], candidateHadTraffic: true)

    private func started(_ configuration: CanaryConfiguration? = nil) throws -> CanaryCoordinator {
        var coordinator = CanaryCoordinator(configuration: try configuration ?? CanaryConfiguration())
        try coordinator.start(at: 0)
        return coordinator
    }

    /// Healthy ticks every minute after the coordinator's last tick, through `end`.
    private func runHealthy(_ coordinator: inout CanaryCoordinator, through end: Timestamp) throws {
        let last = coordinator.events.last?.time ?? 0
        let first = (last / minute + 1) * minute
        for time in stride(from: first, through: end, by: Int(minute)) {
            try coordinator.tick(at: time, analysis: healthy)
        }
    }

    func testDefaultsAreThePlaybooks() throws {
        let configuration = try CanaryConfiguration()
        XCTAssertEqual(configuration.steps, [0.10, 0.50, 1.00])
        XCTAssertEqual(configuration.bake, 10 * minute)
        XCTAssertEqual(configuration.analysisInterval, minute)
    }

    func testHealthyCanaryWalksEveryStepAndPromotesAfterStepsTimesBake() throws {
        var coordinator = try started()
        XCTAssertEqual(coordinator.weight, 0.10)
        try runHealthy(&coordinator, through: 9 * minute)
        XCTAssertEqual(coordinator.weight, 0.10, "no promotion before the bake has passed")
        try coordinator.tick(at: 10 * minute, analysis: healthy)
        XCTAssertEqual(coordinator.weight, 0.50)
        XCTAssertEqual(coordinator.stepIndex, 1)
        for time in stride(from: 11 * minute, through: 29 * minute, by: Int(minute)) {
            try coordinator.tick(at: time, analysis: healthy)
        }
        XCTAssertEqual(coordinator.status, .progressing)
        try coordinator.tick(at: 30 * minute, analysis: healthy)
        XCTAssertEqual(coordinator.status, .promoted)
        XCTAssertEqual(coordinator.weight, 1)
        XCTAssertEqual(coordinator.events.last, CanaryEvent(time: 30 * minute, kind: .promoted))
    }

    func testFiringRuleRollsBackAtOnceWithTheObservedValues() throws {
        var coordinator = try started()
        let observed = [ObservedValue("error_rate", 0.051), ObservedValue("baseline", 0.001)]
        let emitted = try coordinator.tick(at: 3 * minute, analysis: CanaryAnalysis(
            rules: [RuleObservation(name: "error rate", state: .firing, observed: observed)], candidateHadTraffic: true))
        XCTAssertEqual(coordinator.status, .rolledBack)
        XCTAssertEqual(coordinator.weight, 0)
        XCTAssertEqual(emitted.last?.kind, .rolledBack(.rules([RuleTrip(rule: "error rate", observed: observed)])))
        XCTAssertTrue(emitted.last!.kind.description.contains("error_rate = 0.051"), emitted.last!.kind.description)
        XCTAssertEqual(try coordinator.tick(at: 4 * minute, analysis: healthy), [], "a finished deployment ignores ticks")
    }

    func testPendingRuleHoldsTheStepWithoutPausing() throws {
        var coordinator = try started()
        let pending = CanaryAnalysis(rules: [RuleObservation(name: "latency", state: .pending)], candidateHadTraffic: true)
        try coordinator.tick(at: 10 * minute, analysis: pending)
        XCTAssertEqual(coordinator.weight, 0.10)
        XCTAssertEqual(coordinator.status, .progressing)
        try coordinator.tick(at: 11 * minute, analysis: healthy)
        XCTAssertEqual(coordinator.weight, 0.50)
    }

    func testNoTrafficPausesWithTheReasonAndNeverPromotes() throws {
        var coordinator = try started()
        let silent = CanaryAnalysis(rules: [RuleObservation(name: "errors", state: .nodata)], candidateHadTraffic: false)
        for time in stride(from: minute, through: 60 * minute, by: Int(minute)) {
            try coordinator.tick(at: time, analysis: silent)
        }
        XCTAssertEqual(coordinator.status, .paused(.inconclusive([.noCandidateTraffic, .ruleNoData(rule: "errors")])))
        XCTAssertEqual(coordinator.weight, 0.10)
        XCTAssertFalse(coordinator.events.contains { $0.kind == .promoted })
        XCTAssertTrue(coordinator.status.description.contains("no candidate traffic"))
    }

    func testResumeRestartsTheBakeAndRulesStillRollBackWhilePaused() throws {
        var coordinator = try started()
        try coordinator.pause(at: 5 * minute, reason: "waiting for the on-call")
        try coordinator.tick(at: 12 * minute, analysis: healthy)
        XCTAssertEqual(coordinator.weight, 0.10, "paused deployments never promote")
        try coordinator.resume(at: 13 * minute)
        try coordinator.tick(at: 22 * minute, analysis: healthy)
        XCTAssertEqual(coordinator.weight, 0.10, "the bake restarted at the resume")
        try coordinator.tick(at: 23 * minute, analysis: healthy)
        XCTAssertEqual(coordinator.weight, 0.50)
        try coordinator.pause(at: 24 * minute)
        try coordinator.tick(at: 25 * minute, analysis: CanaryAnalysis(
            rules: [RuleObservation(name: "p1", state: .firing)], candidateHadTraffic: true))
        XCTAssertEqual(coordinator.status, .rolledBack)
    }

    func testJudgeGatesPromotionAndRollsBackOnHigh() throws {
        var coordinator = try started(try CanaryConfiguration(requiresJudge: true))
        try coordinator.tick(at: 10 * minute, analysis: healthy)
        XCTAssertEqual(coordinator.status, .paused(.inconclusive([.judgeNoData("no verdict at this tick")])))
        try coordinator.resume(at: 11 * minute)
        let passing = CanaryAnalysis(judge: JudgeVerdict(.pass), candidateHadTraffic: true)
        try coordinator.tick(at: 21 * minute, analysis: passing)
        XCTAssertEqual(coordinator.weight, 0.50)
        try coordinator.tick(at: 22 * minute, analysis: CanaryAnalysis(judge: JudgeVerdict(.high, reason: "p95 +40%"), candidateHadTraffic: true))
        XCTAssertEqual(coordinator.status, .rolledBack)
        XCTAssertEqual(coordinator.events.last?.kind, .rolledBack(.judge(JudgeVerdict(.high, reason: "p95 +40%"))))
    }

    func testKillSwitchZeroesTrafficAtOnceFromAnyState() throws {
        var coordinator = try started()
        try runHealthy(&coordinator, through: 10 * minute)
        XCTAssertEqual(coordinator.weight, 0.50)
        let emitted = try coordinator.killSwitch(at: 10 * minute + 5_000)
        XCTAssertEqual(coordinator.weight, 0)
        XCTAssertEqual(coordinator.status, .killed)
        XCTAssertEqual(emitted.map(\.kind), [.killSwitch, .weightChanged(from: 0.5, to: 0)])
        for time in stride(from: 11 * minute, through: 60 * minute, by: Int(minute)) {
            try coordinator.tick(at: time, analysis: healthy)
        }
        XCTAssertEqual(coordinator.weight, 0, "nothing promotes after the kill switch")
        XCTAssertEqual(try coordinator.killSwitch(at: 61 * minute), [])
    }

    func testAbortAndSetWeight() throws {
        var coordinator = try started()
        try coordinator.setWeight(0.6, at: minute)
        XCTAssertEqual(coordinator.weight, 0.6)
        try coordinator.tick(at: 10 * minute, analysis: healthy)
        XCTAssertEqual(coordinator.weight, 1, "the next planned weight above 60% is 100%")
        try coordinator.abort(at: 11 * minute, reason: "wrong build")
        XCTAssertEqual(coordinator.status, .aborted)
        XCTAssertEqual(coordinator.weight, 0)
        XCTAssertThrowsError(try coordinator.abort(at: 12 * minute))
        XCTAssertThrowsError(try coordinator.setWeight(0.5, at: 12 * minute))
    }

    func testBlueGreenSwitchesEverythingAfterBakeAndBackAtOnce() throws {
        var coordinator = try started(try CanaryConfiguration(strategy: .blueGreen))
        XCTAssertEqual(coordinator.weight, 0, "the preview serves no production traffic")
        try runHealthy(&coordinator, through: 10 * minute)
        XCTAssertEqual(coordinator.weight, 1)
        try coordinator.tick(at: 12 * minute, analysis: CanaryAnalysis(
            rules: [RuleObservation(name: "errors", state: .firing)], candidateHadTraffic: true))
        XCTAssertEqual(coordinator.weight, 0)
        XCTAssertEqual(coordinator.status, .rolledBack)
    }

    /// A preview whose analysis had no data never switches (LANGUAGE.md §6): it pauses at the
    /// end of its bake and says why, still serving nobody.
    func testBlueGreenPreviewWithoutDataPausesInsteadOfSwitching() throws {
        var coordinator = try started(try CanaryConfiguration(strategy: .blueGreen))
        let empty = CanaryAnalysis(rules: [RuleObservation(name: "errors", state: .nodata)], candidateHadTraffic: false)
        XCTAssertTrue(coordinator.isHoldingPreview)
        for time in stride(from: minute, through: 10 * minute, by: Int(minute)) {
            try coordinator.tick(at: time, analysis: empty)
        }
        XCTAssertEqual(coordinator.status, .paused(.inconclusive([.noCandidateTraffic, .ruleNoData(rule: "errors")])))
        XCTAssertEqual(coordinator.events.last?.kind.description,
                       "paused: inconclusive: no candidate traffic in the analysis interval; rule \"errors\" has no data")
        XCTAssertEqual(coordinator.weight, 0)
        XCTAssertTrue(coordinator.isHoldingPreview)
    }

    /// After the switch the same analysis is a missing-data pause, as at any canary step.
    func testBlueGreenFullStepWithoutDataPausesAtOneHundredPercent() throws {
        var coordinator = try started(try CanaryConfiguration(strategy: .blueGreen))
        try runHealthy(&coordinator, through: 10 * minute)
        XCTAssertEqual(coordinator.weight, 1)
        let empty = CanaryAnalysis(rules: [RuleObservation(name: "errors", state: .nodata)], candidateHadTraffic: false)
        for time in stride(from: 11 * minute, through: 20 * minute, by: Int(minute)) {
            try coordinator.tick(at: time, analysis: empty)
        }
        guard case .paused(.inconclusive(let causes)) = coordinator.status else { return XCTFail("\(coordinator.status)") }
        XCTAssertTrue(causes.contains(.noCandidateTraffic))
        XCTAssertEqual(coordinator.weight, 1, "a pause holds the switch; only a rollback switches back")
    }

    func testBlueGreenPreviewStillRollsBackOnAFiringRule() throws {
        var coordinator = try started(try CanaryConfiguration(strategy: .blueGreen))
        try coordinator.tick(at: minute, analysis: CanaryAnalysis(
            rules: [RuleObservation(name: "alarm(P1)", state: .firing)], candidateHadTraffic: false))
        XCTAssertEqual(coordinator.status, .rolledBack)
        XCTAssertEqual(coordinator.weight, 0)
    }

    func testBadInputIsAClearError() throws {
        XCTAssertThrowsError(try CanaryConfiguration(steps: [])) { XCTAssertTrue("\($0)".contains("at least one step")) }
        XCTAssertThrowsError(try CanaryConfiguration(steps: [0.5, 0.1])) { XCTAssertTrue("\($0)".contains("does not increase")) }
        XCTAssertThrowsError(try CanaryConfiguration(steps: [0.1, 1.5])) { XCTAssertTrue("\($0)".contains("at most 100%")) }
        XCTAssertThrowsError(try CanaryConfiguration(analysisInterval: 0))
        var coordinator = CanaryCoordinator(configuration: try CanaryConfiguration())
        XCTAssertThrowsError(try coordinator.tick(at: 0, analysis: healthy)) { XCTAssertTrue("\($0)".contains("before the deployment started")) }
        try coordinator.start(at: 10 * minute)
        XCTAssertThrowsError(try coordinator.tick(at: 5 * minute, analysis: healthy)) { XCTAssertTrue("\($0)".contains("time went backwards")) }
        XCTAssertThrowsError(try coordinator.resume(at: 11 * minute)) { XCTAssertTrue("\($0)".contains("cannot resume")) }
        XCTAssertThrowsError(try coordinator.setWeight(2, at: 11 * minute))
    }

    func testEventsReadInOrderWithRelativeTimes() throws {
        var coordinator = try started()
        try runHealthy(&coordinator, through: 30 * minute)
        let lines = coordinator.events.map { CanaryTimelineText.offset($0.time) + " " + $0.kind.description }
        XCTAssertEqual(lines.first, "+0s started (canary)")
        XCTAssertTrue(lines.contains("+10m00s step 2 started at 50%"), lines.joined(separator: "\n"))
        XCTAssertEqual(lines.last, "+30m00s promoted")
    }

    func testTimelineTextShowsFractionsOnlyWhereThereAreSome() {
        XCTAssertEqual(CanaryTimelineText.offset(0), "+0s")
        XCTAssertEqual(CanaryTimelineText.offset(1_500), "+1.500s")
        XCTAssertEqual(CanaryTimelineText.offset(-45_000), "-45s")
        XCTAssertEqual(CanaryTimelineText.offset(3_723_000), "+1h02m03s")
        XCTAssertEqual(CanaryTimelineText.percent(0.125), "12.5%")
        XCTAssertEqual(CanaryTimelineText.percent(1), "100%")
    }
}
