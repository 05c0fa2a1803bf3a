import Foundation
import XCTest
@testable import VigilEngines

final class CanaryJudgeTests: XCTestCase {
    /// Deterministic lognormal-ish latencies around `median` seconds.
    private func latencies(median: Double, count: Int, seed: UInt64) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in median * exp(0.3 * generator.nextGaussian()) }
    }

    private func judge(_ configure: (inout JudgeConfiguration) -> Void = { _ in }) throws -> CanaryJudge {
        var configuration = try JudgeConfiguration()
        configure(&configuration)
        return CanaryJudge(configuration: configuration)
    }

    func testDefaultsMatchTheNetflixJudge() throws {
        let configuration = try JudgeConfiguration()
        XCTAssertEqual(configuration.confidence, 0.98)
        XCTAssertEqual(configuration.tolerance, 0.25)
    }

    func testSameDistributionPasses() throws {
        let result = try judge().judge(candidate: latencies(median: 0.1, count: 60, seed: 1),
                                       baseline: latencies(median: 0.1, count: 60, seed: 2))
        XCTAssertEqual(result.classification, .pass, result.reason)
    }

    func testFiftyPercentSlowerCandidateIsHigh() throws {
        let result = try judge().judge(candidate: latencies(median: 0.15, count: 60, seed: 3),
                                       baseline: latencies(median: 0.1, count: 60, seed: 4))
        XCTAssertEqual(result.classification, .high, result.reason)
        XCTAssertGreaterThan(result.shift?.estimate ?? 0, 0.03)
        XCTAssertLessThan(result.test?.p ?? 1, 0.02)
    }

    func testFasterCandidateIsLowUnlessOnlyIncreasesCount() throws {
        let candidate = latencies(median: 0.05, count: 60, seed: 5)
        let baseline = latencies(median: 0.1, count: 60, seed: 6)
        XCTAssertEqual(try judge().judge(candidate: candidate, baseline: baseline).classification, .low)
        let increaseOnly = try judge { $0.direction = .increase }
        XCTAssertEqual(increaseOnly.judge(candidate: candidate, baseline: baseline).classification, .pass)
    }

    func testAllowedIncreaseAcceptsASmallCertainRegression() throws {
        let candidate = latencies(median: 0.11, count: 400, seed: 7)
        let baseline = latencies(median: 0.1, count: 400, seed: 8)
        XCTAssertEqual(try judge().judge(candidate: candidate, baseline: baseline).classification, .high)
        let tolerant = try judge { $0.allowedIncrease = 0.2 }
        XCTAssertEqual(tolerant.judge(candidate: candidate, baseline: baseline).classification, .pass)
    }

    func testTooFewSamplesIsNodataNeverPass() throws {
        let result = try judge().judge(candidate: [0.1, 0.2], baseline: latencies(median: 0.1, count: 60, seed: 9))
        XCTAssertEqual(result.classification, .nodata)
        XCTAssertTrue(result.reason.contains("candidate has 2 samples"), result.reason)
    }

    func testNonFiniteSamplesAreAnError() throws {
        var candidate = latencies(median: 0.1, count: 20, seed: 10)
        candidate[3] = .infinity
        let result = try judge().judge(candidate: candidate, baseline: latencies(median: 0.1, count: 20, seed: 11))
        XCTAssertEqual(result.classification, .error)
        XCTAssertTrue(result.reason.contains("inf"), result.reason)
    }

    func testConfigurationRejectsNonsense() {
        XCTAssertThrowsError(try JudgeConfiguration(confidence: 1.5))
        XCTAssertThrowsError(try JudgeConfiguration(tolerance: -1))
        XCTAssertThrowsError(try JudgeConfiguration(minimumSamples: 0))
    }
}
