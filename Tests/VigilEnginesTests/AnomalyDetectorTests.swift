import VigilSeries
import XCTest
@testable import VigilEngines

final class AnomalyDetectorTests: XCTestCase {
    private let step: Timestamp = 30_000
    /// Ten baseline samples alternating 9 and 11: mean 10, sample σ √(10/9) ≈ 1.0541.
    private let noisy: [Double] = [9, 11, 9, 11, 9, 11, 9, 11, 9, 11]

    /// Feeds `values` one per 30 s from time 0; the events with the index of the sample.
    private func feed(_ detector: inout AnomalyDetector, _ values: [Double]) -> [(Int, AnomalyEvent)] {
        let start = detector.samples.count
        return values.enumerated().flatMap { i, x in
            detector.observe(x, at: Timestamp(start + i) * step).map { (start + i, $0) }
        }
    }

    /// The likelihood method judges raw scores, which need ten judged samples of their own
    /// (AnomalyLikelihoodTests).
    func testASpikeAfterTenSamplesIsDetectedWithinThreeByEveryMethod() {
        for method in AnomalyMethod.allCases where method != .likelihood {
            var detector = AnomalyDetector(method: method)
            XCTAssertTrue(feed(&detector, noisy).isEmpty, "\(method)")
            let events = feed(&detector, [20, 20, 20])
            guard case .opened(let anomaly)? = events.first?.1 else { return XCTFail("\(method) missed the spike") }
            XCTAssertLessThan(events[0].0, 13, "\(method)")
            XCTAssertEqual(anomaly.direction, .spike)
            XCTAssertTrue(anomaly.isOpen)
        }
    }

    func testNothingIsJudgedBeforeTenSamplesExist() {
        var detector = AnomalyDetector(method: .relative)
        XCTAssertTrue(feed(&detector, [100, 100, 100, 100, 100, 100, 100, 100, 100, 1000]).isEmpty)
        XCTAssertNil(detector.latest)
        // The eleventh sample has ten before it (nine of 100 and the 1000): mean 190.
        let events = feed(&detector, [1000])
        guard case .opened(let anomaly)? = events.first?.1 else { return XCTFail("expected an anomaly") }
        XCTAssertEqual(anomaly.baseline, 190)
        XCTAssertEqual(anomaly.judgement.deviation, 810)
        XCTAssertEqual(anomaly.magnitude!, 810.0 / 190, accuracy: 1e-12)
    }

    func testRelativeCountsOnlyBeyondTheThreshold() {
        var detector = AnomalyDetector(method: .relative, threshold: 0.5)
        _ = feed(&detector, Array(repeating: 100, count: 10))
        XCTAssertTrue(feed(&detector, [150]).isEmpty, "exactly 50% above is not beyond 50%")
        XCTAssertEqual(detector.latest?.score, 0.5)
        var dropping = AnomalyDetector(method: .relative, threshold: 0.5)
        _ = feed(&dropping, Array(repeating: 100, count: 10))
        guard case .opened(let drop)? = feed(&dropping, [40]).first?.1 else { return XCTFail("expected a drop") }
        XCTAssertEqual(drop.direction, .drop)
        XCTAssertEqual(drop.magnitude!, -0.6, accuracy: 1e-12)
    }

    func testZScoreByHand() {
        var detector = AnomalyDetector(method: .zscore)
        _ = feed(&detector, noisy)
        // (13 − 10) / 1.0541 = 2.846: not beyond 3.
        XCTAssertTrue(feed(&detector, [13]).isEmpty)
        XCTAssertEqual(detector.latest!.score, 3 / (10.0 / 9).squareRoot(), accuracy: 1e-12)
        var other = AnomalyDetector(method: .zscore)
        _ = feed(&other, noisy)
        // (14 − 10) / 1.0541 = 3.795.
        guard case .opened(let anomaly)? = feed(&other, [14]).first?.1 else { return XCTFail("expected an anomaly") }
        XCTAssertEqual(anomaly.judgement.score, 3.7947, accuracy: 1e-4)
    }

    func testMADIgnoresASingleOutlierInItsBaseline() {
        // Median 10; absolute deviations 0,0,0,0,0,1,1,1,1,90: MAD 0.5.
        let baseline: [Double] = [10, 10, 10, 11, 9, 10, 10, 11, 9, 100]
        var robust = AnomalyDetector(method: .mad)
        _ = feed(&robust, baseline)
        guard case .opened(let anomaly)? = feed(&robust, [13]).first?.1 else { return XCTFail("expected an anomaly") }
        XCTAssertEqual(anomaly.baseline, 10)
        XCTAssertEqual(anomaly.judgement.score, 0.6745 * 3 / 0.5, accuracy: 1e-12)
        var quiet = AnomalyDetector(method: .mad)
        _ = feed(&quiet, baseline)
        XCTAssertTrue(feed(&quiet, [12]).isEmpty, "0.6745 · 2 / 0.5 = 2.698")
        // The outlier inflates σ, so the z-score misses what MAD sees.
        var plain = AnomalyDetector(method: .zscore)
        _ = feed(&plain, baseline)
        XCTAssertTrue(feed(&plain, [13]).isEmpty)
    }

    func testEWMAControlLimits() {
        var detector = AnomalyDetector(method: .ewma)
        _ = feed(&detector, noisy)
        // Smoothed from the mean 10 through 9, 11, … the chart stands at 10.13477 before 12:
        // 0.25 · 12 + 0.75 · 10.13477 = 10.60108; limit σ · √(0.25 / 1.75) = 0.39841.
        XCTAssertTrue(feed(&detector, [12]).isEmpty)
        XCTAssertEqual(detector.latest!.score, 1.5087, accuracy: 1e-3)
    }

    func testAnAnomalyPeaksAndEnds() {
        var detector = AnomalyDetector(method: .relative)
        _ = feed(&detector, Array(repeating: 100, count: 10))
        let events = feed(&detector, [200, 300, 100])
        XCTAssertEqual(events.count, 2)
        guard case .closed(let anomaly) = events[1].1 else { return XCTFail("expected the anomaly to close") }
        XCTAssertEqual(anomaly.onset, 10 * step)
        XCTAssertEqual(anomaly.peak, 11 * step)
        XCTAssertEqual(anomaly.end, 12 * step)
        XCTAssertEqual(anomaly.value, 300)
        XCTAssertEqual(detector.anomalies, [anomaly])
        XCTAssertNil(detector.open)
    }

    func testTheBaselineForgetsSamplesOutsideItsWindow() {
        var detector = AnomalyDetector(method: .relative, window: 10 * step)
        _ = feed(&detector, Array(repeating: 100, count: 10))
        // At 30 s × 20 the window [300 s, 600 s) holds nothing: too few samples to judge.
        XCTAssertTrue(detector.observe(1000, at: 20 * step).isEmpty)
        XCTAssertNil(detector.latest)
    }
}

final class RootCauseRankingTests: XCTestCase {
    func testTheServicesOwnRecentDeploymentRanksFirst() {
        let minute: Timestamp = 60_000, onset = 600 * minute
        let ranked = RootCauseRanking.rank([
            ChangeCandidate(service: "checkout", version: "v1", started: onset - 180 * minute),
            ChangeCandidate(service: "checkout", version: "v2", started: onset - 5 * minute),
            ChangeCandidate(service: "payments", version: "v9", started: onset - 2 * minute),
            ChangeCandidate(service: "checkout", version: "v3", started: onset + 5 * minute),
        ], onset: onset, service: "checkout")
        XCTAssertEqual(ranked.map(\.change.version), ["v2", "v9"])
        // 0.7 · (1 − 5/120) + 0.3 = 0.971; 0.7 · (1 − 2/120) = 0.688.
        XCTAssertEqual(ranked.map(\.score), [0.971, 0.688])
        XCTAssertEqual(ranked[0].reason, "the anomalous service's own deployment v2 started 5m before the onset")
        XCTAssertEqual(ranked[1].reason, "a deployment of payments v9 started 2m before the onset")
    }

    func testAConfigChangeOfTheServiceRanksAboveAnotherServicesLaterDeployment() {
        let minute: Timestamp = 60_000, onset = 600 * minute
        let ranked = RootCauseRanking.rank([
            ChangeCandidate(service: "payments", version: "v9", started: onset - minute, previous: "v8"),
            ChangeCandidate(service: "checkout", kind: "config", description: "raise pool size", started: onset - 6 * minute),
            ChangeCandidate(service: "search", kind: "feature-flag", description: "new-ranker on", started: onset - 30 * minute),
            ChangeCandidate(service: "checkout", kind: "config", description: "after the onset", started: onset + minute),
        ], onset: onset, service: "checkout")
        XCTAssertEqual(ranked.map(\.change.kind), ["config", "deploy", "feature-flag"])
        // 0.7 · (1 − 6/120) + 0.3 = 0.965; 0.7 · (1 − 1/120) = 0.694; 0.7 · (1 − 30/120) = 0.525.
        XCTAssertEqual(ranked.map(\.score), [0.965, 0.694, 0.525])
        XCTAssertEqual(ranked.map(\.reason), [
            "the anomalous service's own config change (raise pool size) 6m before the onset",
            "a deployment of payments v9 started 1m before the onset",
            "a feature-flag change of search (new-ranker on) 30m before the onset",
        ])
        XCTAssertEqual(ranked[1].change.description, "v8 → v9")
        XCTAssertEqual(ranked[1].change.previous, "v8")
        XCTAssertNil(ranked[0].change.version)
        // Another service's config change reads as such.
        let other = RootCauseRanking.rank([
            ChangeCandidate(service: "checkout", kind: "config", description: "raise pool size", started: onset - 4 * minute),
        ], onset: onset, service: "payments")
        XCTAssertEqual(other.map(\.reason), ["a config change of checkout (raise pool size) 4m before the onset"])
        // 0.7 · (1 − 4/120)
        XCTAssertEqual(other.map(\.score), [0.677])
    }
}
