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
    }

    func testRecurringSpikesOfTheUsualSizeAreNormalButASustainedShiftIsNot() {
        let window = 1000 * step
        var likelihood = AnomalyDetector(method: .likelihood, window: window)
        var zscore = AnomalyDetector(method: .zscore, window: window)
        let normal = spiky(200)
        XCTAssertTrue(feed(&likelihood, normal, from: 0).isEmpty, "the 25s are this signal's normal")
        XCTAssertFalse(feed(&zscore, normal, from: 0).isEmpty, "one sample's z-score flags every 25")
        // The level moves to 40 and stays: found at its fourth sample, once the mean of the
        // last five raw scores has risen out of their spread.
        let events = feed(&likelihood, Array(repeating: 40, count: 5), from: 200)
        guard case .opened(let anomaly)? = events.first?.1 else { return XCTFail("the shift was missed") }
        XCTAssertEqual(events[0].0, 203)
        XCTAssertEqual(anomaly.direction, .spike)
    }

    func testNothingIsJudgedBeforeTenRawScoresExist() {
        var detector = AnomalyDetector(method: .likelihood)
        // Ten baseline samples, then ten judged ones: the 100 at sample 15 has five raw scores before it.
        let values = spiky(15) + [100] + spiky(4, from: 16)
        XCTAssertTrue(feed(&detector, values, from: 0).isEmpty)
        XCTAssertEqual(detector.latest?.score, 0)
    }
}
