import VigilSeries
import XCTest
@testable import VigilEngines

final class TelemetrySimulatorTests: XCTestCase {
    private let minute = TimeUnit.minute

    private func simulate(_ configure: (inout SimulatorConfiguration) -> Void = { _ in },
                          weight: Double = 0.5, until end: Timestamp = 20 * TimeUnit.minute) throws -> TelemetrySimulator {
        var configuration = SimulatorConfiguration()
        configure(&configuration)
        var simulator = try TelemetrySimulator(configuration: configuration)
        try simulator.advance(to: end, candidateWeight: weight)
        return simulator
    }

    func testSameSeedGivesIdenticalSeriesAndAnotherSeedDoesNot() throws {
        let first = try simulate { $0.seed = 42 }
        let second = try simulate { $0.seed = 42 }
        let other = try simulate { $0.seed = 43 }
        XCTAssertEqual(first.store.series, second.store.series)
        XCTAssertNotEqual(first.store.series, other.store.series)
        XCTAssertEqual(first.store.seriesCount, 2 * (3 + 3 + 2))
    }

    func testScrapesEveryFifteenSecondsAndSplitsTrafficByWeight() throws {
        let simulator = try simulate(weight: 0.1)
        let signals = VersionSignals(store: simulator.store, service: "checkout")
        let okLabels = Labels(name: "http_requests_total", ["service": "checkout", "version": "v2", "code": "200"])
        XCTAssertEqual(simulator.store.series(okLabels)?.count, 20 * 4 + 1)
        let candidate = try XCTUnwrap(signals.requestCount(version: "v2", at: 20 * minute, window: 10 * minute))
        let stable = try XCTUnwrap(signals.requestCount(version: "v1", at: 20 * minute, window: 10 * minute))
        XCTAssertEqual(candidate / (candidate + stable), 0.1, accuracy: 0.01)
        XCTAssertEqual(candidate + stable, 100 * 600, accuracy: 2_000, "about 100 requests a second")
    }

    func testPreviewTrafficReachesTheCandidateOnlyAtWeightZero() throws {
        let preview = try simulate({ $0.previewRequestsPerSecond = 5 }, weight: 0)
        let signals = VersionSignals(store: preview.store, service: "checkout")
        XCTAssertEqual(try XCTUnwrap(signals.requestCount(version: "v2", at: 20 * minute, window: 10 * minute)), 5 * 600, accuracy: 300)
        XCTAssertEqual(try XCTUnwrap(signals.requestCount(version: "v1", at: 20 * minute, window: 10 * minute)), 100 * 600, accuracy: 2_000,
                       "smoke tests come on top of production traffic")
        // At any other weight the candidate gets its share only, drawn exactly as without preview traffic.
        XCTAssertEqual(try simulate({ $0.previewRequestsPerSecond = 5 }, weight: 0.1).store.series, try simulate(weight: 0.1).store.series)
        XCTAssertThrowsError(try simulate { $0.previewRequestsPerSecond = -1 }) {
            XCTAssertEqual("\($0)", "simulator: preview requests per second must be from 0 to 1e9, got -1.0")
        }
    }

    func testErrorRateStepStartsAtTheFaultTime() throws {
        let simulator = try simulate { $0.faults = [Fault(.errorRate(0.05), from: 10 * minute)] }
        let signals = VersionSignals(store: simulator.store, service: "checkout")
        XCTAssertLessThan(try XCTUnwrap(signals.errorRatio(version: "v2", at: 10 * minute, window: 5 * minute)), 0.005)
        XCTAssertEqual(try XCTUnwrap(signals.errorRatio(version: "v2", at: 20 * minute, window: 5 * minute)), 0.05, accuracy: 0.01)
        XCTAssertLessThan(try XCTUnwrap(signals.errorRatio(version: "v1", at: 20 * minute, window: 5 * minute)), 0.005)
    }

    func testOutageAnswersEverything503() throws {
        let simulator = try simulate { $0.faults = [Fault(.outage, from: 5 * minute, until: 15 * minute)] }
        let signals = VersionSignals(store: simulator.store, service: "checkout")
        XCTAssertEqual(try XCTUnwrap(signals.errorRatio(version: "v2", at: 14 * minute, window: 5 * minute)), 1, accuracy: 1e-9)
        XCTAssertLessThan(try XCTUnwrap(signals.errorRatio(version: "v2", at: 20 * minute, window: 4 * minute)), 0.01, "the outage ended")
    }

    func testLatencyStepAndDrift() throws {
        let step = try simulate { $0.faults = [Fault(.latencyStep(factor: 1.5), from: 10 * minute)] }
        let stepSignals = VersionSignals(store: step.store, service: "checkout")
        let before = try XCTUnwrap(stepSignals.latencyQuantile("0.5", version: "v2", at: 10 * minute, window: 5 * minute))
        let after = try XCTUnwrap(stepSignals.latencyQuantile("0.5", version: "v2", at: 20 * minute, window: 5 * minute))
        XCTAssertEqual(before, 0.1, accuracy: 0.005)
        XCTAssertEqual(after / before, 1.5, accuracy: 0.05)

        let drift = try simulate { $0.faults = [Fault(.latencyDrift(percentPerMinute: 10), from: 10 * minute)] }
        let driftSignals = VersionSignals(store: drift.store, service: "checkout")
        let late = try XCTUnwrap(driftSignals.latencyQuantile("0.5", version: "v2", at: 20 * minute, window: minute))
        XCTAssertEqual(late / 0.1, 2.0, accuracy: 0.1, "+10%/min for ~10 minutes doubles the latency")
    }

    func testNoTrafficFaultLeavesTheCandidateWithNoData() throws {
        let simulator = try simulate { $0.faults = [Fault(.noTraffic, from: 0)] }
        let signals = VersionSignals(store: simulator.store, service: "checkout")
        XCTAssertEqual(signals.requestCount(version: "v2", at: 20 * minute, window: 5 * minute), 0)
        XCTAssertNil(signals.errorRatio(version: "v2", at: 20 * minute, window: 5 * minute), "no requests is nodata, not 0%")
        XCTAssertNil(signals.latencyQuantile("0.95", version: "v2", at: 20 * minute, window: 5 * minute))
    }

    func testBadConfigurationIsAClearError() {
        var configuration = SimulatorConfiguration()
        configuration.faults = [Fault(.errorRate(2), from: 0)]
        XCTAssertThrowsError(try TelemetrySimulator(configuration: configuration)) { XCTAssertTrue("\($0)".contains("error rate")) }
        configuration = SimulatorConfiguration()
        configuration.candidateVersion = configuration.stableVersion
        XCTAssertThrowsError(try TelemetrySimulator(configuration: configuration))
        XCTAssertThrowsError(try simulate(weight: 1.2)) { XCTAssertTrue("\($0)".contains("between 0% and 100%")) }
    }

    func testSplitMix64IsTheReferenceSequence() {
        // First outputs of SplitMix64 seeded with 0, as in Vigna's reference splitmix64.c.
        var generator = SplitMix64(seed: 0)
        XCTAssertEqual(generator.next(), 0xe220_a839_7b1d_cdaf)
        XCTAssertEqual(generator.next(), 0x6e78_9e6a_a1b9_65f4)
    }
}
