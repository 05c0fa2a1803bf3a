import VigilSeries
import XCTest
@testable import VigilEngines

/// The detector's trailing window kept incrementally (sorted values for the median, no
/// copy per sample) must judge exactly as the window recomputed from scratch would.
final class AnomalyWindowTests: XCTestCase {
    private func median(_ xs: [Double]) -> Double {
        let s = xs.sorted(), m = s.count / 2
        return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
    }

    func testTheSlidingWindowJudgesAsTheWholeWindowRecomputed() {
        var state: UInt64 = 7
        func next() -> Double {  // small integers, so the window holds many equal values
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double((state >> 33) % 12)
        }
        let values = (0..<3000).map { _ in next() }
        let window = 25  // samples, one a second
        for method in [AnomalyMethod.mad, .zscore] {
            var detector = AnomalyDetector(method: method, threshold: 1_000, window: Timestamp(window) * 1000)
            for (i, x) in values.enumerated() {
                _ = detector.observe(x, at: Timestamp(i) * 1000)
                guard i >= window else { continue }
                // The window [t − 25 s, t) holds the 25 samples before this one.
                let trailing = Array(values[(i - window)..<i])
                XCTAssertEqual(detector.samples.map(\.value), trailing + [x])
                let expected: Double
                if method == .mad {
                    let m = median(trailing), mad = median(trailing.map { abs($0 - m) })
                    expected = mad != 0 ? 0.6745 * (x - m) / mad
                        : (x - m) / (1.253314 * trailing.reduce(0) { $0 + abs($1 - m) } / Double(window))
                } else {
                    let mean = trailing.reduce(0, +) / Double(window)
                    let sd = (trailing.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(window - 1)).squareRoot()
                    expected = (x - mean) / sd
                }
                XCTAssertEqual(detector.latest!.score, expected, accuracy: 1e-9, "\(method) at sample \(i)")
            }
        }
    }

    func testMADFallsBackToTheMeanAbsoluteDeviationWhenMostOfTheWindowIsFlat() {
        // Median 10 and MAD 0 (seven of ten equal); mean absolute deviation (1 + 1 + 2) / 10 = 0.4.
        let baseline: [Double] = [10, 10, 10, 11, 10, 9, 10, 10, 12, 10]
        var quiet = AnomalyDetector(method: .mad)
        var spiky = AnomalyDetector(method: .mad)
        for (i, x) in baseline.enumerated() {
            _ = quiet.observe(x, at: Timestamp(i) * 30_000)
            _ = spiky.observe(x, at: Timestamp(i) * 30_000)
        }
        // 1 / (1.253314 · 0.4) = 1.995: an ordinary step, not an anomaly (it was infinite with MAD 0).
        XCTAssertTrue(quiet.observe(11, at: 300_000).isEmpty)
        XCTAssertEqual(quiet.latest!.score, 1 / (1.253314 * 0.4), accuracy: 1e-12)
        // 3 / 0.50133 = 5.98 > 3.5.
        guard case .opened(let anomaly)? = spiky.observe(13, at: 300_000).first else { return XCTFail("expected an anomaly") }
        XCTAssertEqual(anomaly.judgement.score, 3 / (1.253314 * 0.4), accuracy: 1e-12)
    }

    func testAWhollyFlatWindowStillFlagsAnyDeparture() {
        var detector = AnomalyDetector(method: .mad)
        for i in 0..<10 { _ = detector.observe(5, at: Timestamp(i) * 30_000) }
        XCTAssertEqual(detector.observe(5.5, at: 300_000).count, 1)
        XCTAssertEqual(detector.latest!.score, .infinity)
    }
}
