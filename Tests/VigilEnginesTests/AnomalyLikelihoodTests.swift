import VigilSeries
import XCTest
@testable import VigilEngines

/// The likelihood method: whether the recent z-scores are unusual for the signal itself.
final class AnomalyLikelihoodTests: XCTestCase {
    private let step: Timestamp = 30_000

    /// 9, 11, 9, 11… with a 25 every 20th sample, from sample `from` on.
    private func spiky(_ count: Int, from: Int = 0) -> [Double] {
        (from..<from + count).map { $0 % 20 == 19 ? 25 : ($0 % 2 == 0 ? 9 : 11) }
    }

    private func feed(_ detector: inout AnomalyDetector, _ values: [Double], from: Int) -> [(Int, AnomalyEvent)] {
        values.enumerated().flatMap { i, x in detector.observe(x, at: Timestamp(from + i) * step).map { (from + i, $0) } }
    }

    func testTheScoreIsTheRecentMeanOfRawScoresAgainstTheirOwnSpread() {
        // History 0,1,… (ten): mean 0.5, σ √(2.5/9); recent 0,1,0,1 and the new 2: mean 0.8.
        let history: [Double] = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]
        XCTAssertEqual(AnomalyLikelihood.score(2, history: history[...]), 0.3 / (2.5 / 9).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(AnomalyLikelihood.score(2, history: history.dropFirst()), 0, "nine raw scores are too few")
        // Capped: a flat baseline makes any departure the cap, never infinity.
        XCTAssertEqual(AnomalyLikelihood.raw(12, mean: 10, deviation: 0), AnomalyLikelihood.rawCap)
        XCTAssertEqual(AnomalyLikelihood.raw(10, mean: 10, deviation: 0), 0)
        // Novelty: 12 is 1 beyond the range 9–11, five times its 5% tolerance (0.1 of 2): 3 × 10.
        XCTAssertEqual(AnomalyLikelihood.novelty(12, range: (9, 11), threshold: 3), 30, accuracy: 1e-9)
        XCTAssertEqual(AnomalyLikelihood.novelty(8.95, range: (9, 11), threshold: 3), 1.5, accuracy: 1e-9)
        XCTAssertEqual(AnomalyLikelihood.novelty(10, range: (9, 11), threshold: 3), 0)
        XCTAssertEqual(AnomalyLikelihood.novelty(5.1, range: (5, 5), threshold: 3), .infinity)
    }

    func testRecurringSpikesOfTheUsualSizeAreNormalButASustainedShiftIsNot() {
        let window = 1000 * step
        var likelihood = AnomalyDetector(method: .likelihood, window: window)
        var zscore = AnomalyDetector(method: .zscore, window: window)
        // The first 25 is new ground for the signal; once seen, the 25s are its normal.
        let first = feed(&likelihood, spiky(100), from: 0)
        XCTAssertEqual(first.compactMap { if case .opened = $0.1 { $0.0 } else { nil } }, [19])
        XCTAssertTrue(feed(&likelihood, spiky(100, from: 100), from: 100).isEmpty, "the 25s are this signal's normal")
        XCTAssertEqual(feed(&zscore, spiky(200), from: 0).filter { if case .opened = $0.1 { true } else { false } }.count, 10,
                       "one sample's z-score flags every 25")
        // The level moves to 40 and stays: beyond everything the signal did, so found at once.
        let events = feed(&likelihood, Array(repeating: 40, count: 5), from: 200)
        guard case .opened(let anomaly)? = events.first?.1 else { return XCTFail("the shift was missed") }
        XCTAssertEqual(events[0].0, 200)
        XCTAssertEqual(anomaly.direction, .spike)
    }

    func testBeforeTenRawScoresExistOnlyNewGroundCounts() {
        var detector = AnomalyDetector(method: .likelihood)
        // Ten baseline samples, then five judged ones: too few raw scores for a likelihood.
        XCTAssertTrue(feed(&detector, spiky(15), from: 0).isEmpty)
        XCTAssertEqual(detector.latest?.score, 0)
        // 100 is 89 beyond the range 9–11 (tolerance 0.1): 3 × 890.
        guard case .opened(let anomaly)? = feed(&detector, [100], from: 15).first?.1 else { return XCTFail("100 was missed") }
        XCTAssertEqual(anomaly.judgement.score, 2670, accuracy: 1e-9)
    }
}
