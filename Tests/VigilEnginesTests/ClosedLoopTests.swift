import Foundation
import VigilSeries
import XCTest
@testable import VigilEngines

/// End-to-end: coordinator + simulator on a virtual clock, analysis written as closures.
final class ClosedLoopTests: XCTestCase {
    private let minute = TimeUnit.minute

    private func driver(seed: UInt64 = 7, faults: [Fault] = []) throws -> ClosedLoopDriver {
        var simulation = SimulatorConfiguration()
        simulation.seed = seed
        simulation.faults = faults
        return try ClosedLoopDriver(coordinator: CanaryCoordinator(configuration: try CanaryConfiguration()),
                                    simulator: try TelemetrySimulator(configuration: simulation))
    }

    /// `when error_rate > baseline + 0.5% for 10m then rollback`, error rate over 2m.
    private func errorRateAnalysis() throws -> (AnalysisContext) -> CanaryAnalysis {
        var rule = try DurationRule(name: "error_rate > baseline + 0.5%", holdFor: 10 * minute)
        var heldBaseline = HeldBaseline()
        return { context in
            let signals = context.signals
            let candidate = signals.errorRatio(version: context.simulation.candidateVersion, at: context.time, window: 2 * self.minute)
            let baseline = heldBaseline.value(
                signals.errorRatio(version: context.simulation.stableVersion, at: context.time, window: 2 * self.minute))
            var condition: Bool?
            var observed: [ObservedValue] = []
            if let candidate, let baseline {
                condition = candidate > baseline + 0.005
                observed = [ObservedValue("error_rate", candidate), ObservedValue("baseline", baseline)]
            }
            let state = rule.evaluate(at: context.time, condition: condition)
            let served = signals.requestCount(version: context.simulation.candidateVersion, at: context.time, window: context.interval) ?? 0
            return CanaryAnalysis(rules: [RuleObservation(name: rule.name, state: state, observed: observed)],
                                  candidateHadTraffic: served > 0)
        }
    }

    /// `when latency_p95 > baseline * 150% for 5m then rollback`, p95 averaged over 5m.
    private func latencyAnalysis() throws -> (AnalysisContext) -> CanaryAnalysis {
        var rule = try DurationRule(name: "latency_p95 > baseline * 150%", holdFor: 5 * minute)
        var heldBaseline = HeldBaseline()
        return { context in
            let signals = context.signals
            let candidate = signals.latencyQuantile("0.95", version: context.simulation.candidateVersion, at: context.time, window: 5 * self.minute)
            let baseline = heldBaseline.value(
                signals.latencyQuantile("0.95", version: context.simulation.stableVersion, at: context.time, window: 5 * self.minute))
            var condition: Bool?
            if let candidate, let baseline { condition = candidate > baseline * 1.5 }
            let state = rule.evaluate(at: context.time, condition: condition)
            let observed = [candidate.map { ObservedValue("latency_p95", $0) }, baseline.map { ObservedValue("baseline", $0) }].compactMap { $0 }
            let served = signals.requestCount(version: context.simulation.candidateVersion, at: context.time, window: context.interval) ?? 0
            return CanaryAnalysis(rules: [RuleObservation(name: rule.name, state: state, observed: observed)],
                                  candidateHadTraffic: served > 0)
        }
    }

    func testFaultyCandidateRollsBackBetweenForAndForPlusEvery() throws {
        for seed: UInt64 in [1, 2, 3, 4, 5] {
            let faultAt = 3 * minute + 20_000
            var loop = try driver(seed: seed, faults: [Fault(.errorRate(0.05), from: faultAt)])
            let result = try loop.run(until: 60 * minute, analysis: try errorRateAnalysis())
            XCTAssertEqual(result.status, .rolledBack, "seed \(seed)")
            let rolledBackAt = try XCTUnwrap(result.finishedAt)
            XCTAssertGreaterThanOrEqual(rolledBackAt, faultAt + 10 * minute, "seed \(seed): no earlier than for")
            XCTAssertLessThanOrEqual(rolledBackAt, faultAt + 11 * minute, "seed \(seed): no later than for + every")
            XCTAssertEqual(loop.coordinator.weight, 0)
            guard case .rolledBack(.rules(let trips))? = result.events.last?.kind else { return XCTFail("no rollback event") }
            XCTAssertEqual(trips.first?.observed.map(\.name), ["error_rate", "baseline"])
            XCTAssertGreaterThan(trips.first?.observed.first?.value ?? 0, 0.03)
        }
    }

    func testHealthyCandidateIsPromotedAfterStepsTimesBake() throws {
        var loop = try driver()
        let result = try loop.run(until: 60 * minute, analysis: try errorRateAnalysis())
        XCTAssertEqual(result.status, .promoted, CanaryTimeline.render(result.events))
        XCTAssertEqual(result.finishedAt, 3 * 10 * minute)
        XCTAssertEqual(loop.coordinator.weight, 1)
    }

    func testNoTrafficCandidateIsNeverPromoted() throws {
        var loop = try driver(faults: [Fault(.noTraffic, from: 0)])
        let result = try loop.run(until: 60 * minute, analysis: try errorRateAnalysis())
        guard case .paused(.inconclusive(let causes)) = result.status else { return XCTFail("expected a pause, got \(result.status)") }
        XCTAssertTrue(causes.contains(.noCandidateTraffic))
        XCTAssertTrue(causes.contains(.ruleNoData(rule: "error_rate > baseline + 0.5%")))
        XCTAssertFalse(result.events.contains { $0.kind == .promoted })
        XCTAssertEqual(loop.coordinator.weight, 0.10)
        XCTAssertTrue(CanaryTimeline.render(result.events).contains("+10m00s   paused: inconclusive: no candidate traffic"))
    }

    /// A multiplicative step of exactly +50% puts the expected p95 ratio exactly on the
    /// rule's 150% threshold, so whether a strict `>` trips is a coin toss (about 16 of 20
    /// seeds roll back). The test therefore uses +60% as the regression that must trip and
    /// checks it, and +20% that must not, over several seeds rather than one lucky one.
    func testLatencyRegressionAboveFiftyPercentTripsTheP95RuleButTwentyPercentDoesNot() throws {
        for seed: UInt64 in [1, 2, 3, 4, 5] {
            var slow = try driver(seed: seed, faults: [Fault(.latencyStep(factor: 1.6), from: 2 * minute)])
            let slowResult = try slow.run(until: 60 * minute, analysis: try latencyAnalysis())
            XCTAssertEqual(slowResult.status, .rolledBack, "seed \(seed)\n" + CanaryTimeline.render(slowResult.events))

            var mild = try driver(seed: seed, faults: [Fault(.latencyStep(factor: 1.2), from: 2 * minute)])
            let mildResult = try mild.run(until: 60 * minute, analysis: try latencyAnalysis())
            XCTAssertEqual(mildResult.status, .promoted, "seed \(seed)\n" + CanaryTimeline.render(mildResult.events))
        }
    }

    func testKillSwitchZeroesCandidateTrafficAtOnce() throws {
        var loop = try driver()
        let killAt = 12 * minute + 30_000
        let result = try loop.run(until: 20 * minute, actions: [(killAt, .killSwitch)], stopWhenFinished: false,
                                  analysis: try errorRateAnalysis())
        XCTAssertEqual(result.status, .killed)
        XCTAssertEqual(loop.coordinator.weight, 0)
        XCTAssertEqual(result.events.first { $0.kind == .killSwitch }?.time, killAt)
        let signals = VersionSignals(store: loop.simulator.store, service: "checkout")
        XCTAssertGreaterThan(signals.requestCount(version: "v2", at: killAt, window: minute) ?? 0, 0, "the candidate served until the switch")
        XCTAssertEqual(signals.requestCount(version: "v2", at: 20 * minute, window: 7 * minute), 0, "and nothing from the next scrape on")
        XCTAssertFalse(result.events.contains { $0.kind == .promoted })
    }

    func testFullCanaryCostsLittleCPU() throws {
        // Reported, not asserted: the target is under 100 ms of CPU for 3 steps × 10m at 1m
        // analysis. Thread CPU time, so other builds sharing the machine do not inflate it.
        var loop = try driver()
        let analysis = try errorRateAnalysis()
        let before = threadCPUTime()
        let result = try loop.run(until: 60 * minute, analysis: analysis)
        let cpu = threadCPUTime() - before
        XCTAssertEqual(result.status, .promoted)
        print(String(format: "closed-loop canary, 3 steps × 10m at 1m analysis: %.1f ms CPU, %d ticks, %d samples",
                     cpu * 1000, result.ticks, loop.simulator.store.sampleCount))
    }

    private func threadCPUTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
