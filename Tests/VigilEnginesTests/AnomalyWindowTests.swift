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

    /// The judgement the straightforward way: the trailing values summed, sorted and
    /// scanned afresh for this one sample.
    private func reference(_ method: AnomalyMethod, _ x: Double, _ trailing: [Double], threshold: Double) -> AnomalyJudgement {
        let n = Double(trailing.count)
        let mean = trailing.reduce(0, +) / n
        let sd = trailing.count > 1 ? (trailing.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot() : 0
        let baseline: Double, score: Double
        switch method {
        case .relative:
            baseline = mean
            score = anomalyRatio(x - mean, abs(mean))
        case .zscore, .likelihood:
            baseline = mean
            score = anomalyRatio(x - mean, sd)
        case .ewma:
            baseline = mean
            let lambda = AnomalyMethod.ewmaLambda
            let smoothed = lambda * x + (1 - lambda) * trailing.reduce(mean) { lambda * $1 + (1 - lambda) * $0 }
            score = anomalyRatio(smoothed - mean, sd * (lambda / (2 - lambda)).squareRoot())
        case .mad:
            baseline = median(trailing)
            let mad = median(trailing.map { abs($0 - baseline) })
            score = mad != 0 ? anomalyRatio(0.6745 * (x - baseline), mad)
                : anomalyRatio(x - baseline, 1.253314 * (trailing.reduce(0) { $0 + abs($1 - baseline) } / n))
        }
        return AnomalyJudgement(baseline: baseline, deviation: x - baseline, score: score, isAnomalous: abs(score) > threshold)
    }

    /// The detector keeps its window incrementally (running sums for the mean and σ, a sorted
    /// array and a binary search for the MAD); on random data — noise on levels that shift,
    /// far from zero and near it, flat stretches, gaps that empty the window, repeated times —
    /// every judgement is the straightforward one: the median and MAD exactly, the mean and σ
    /// (and so the scores) to rounding, flat windows exactly, and every verdict the same.
    func testRandomDataJudgesAsTheStraightforwardComputation() {
        var state: UInt64 = 2026
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var samples: [(time: Timestamp, value: Double)] = []
        var time: Timestamp = 0, level = 50.0, spread = 2.0
        for i in 0..<6000 {
            if i % 700 == 0 { level = [50, 1e4, -3, 0.001, 2e6][i / 700 % 5]; spread = abs(level) * 0.02 + 0.01 }
            let r = uniform()
            time += r < 0.02 ? 0 : r < 0.025 ? 200_000 : r < 0.1 ? 3000 : 1000  // repeated, a gap, a skip
            let flat = i % 1000 >= 900  // a flat stretch of a value whose sums round
            let value = flat ? 0.1 : level + spread * (uniform() + uniform() + uniform() - 1.5) + (uniform() < 0.01 ? 20 * spread : 0)
            samples.append((time, value))
        }
        let window: Timestamp = 60_000
        for method in AnomalyMethod.allCases where method != .likelihood {
            var detector = AnomalyDetector(method: method, window: window)
            var kept: [(time: Timestamp, value: Double)] = []
            var judged = 0, anomalous = 0
            for (i, (t, x)) in samples.enumerated() {
                _ = detector.observe(x, at: t)
                kept = kept.filter { $0.time >= t - window && $0.time < t }
                defer { kept.append((t, x)) }
                guard kept.count >= AnomalyDetector.defaultMinSamples else {
                    XCTAssertNil(detector.latest, "\(method) at sample \(i)")
                    continue
                }
                let trailing = kept.map(\.value)
                let expected = reference(method, x, trailing, threshold: detector.threshold)
                guard let got = detector.latest else { return XCTFail("\(method) judged nothing at sample \(i)") }
                judged += 1
                if expected.isAnomalous { anomalous += 1 }
                XCTAssertEqual(got.isAnomalous, expected.isAnomalous, "\(method) at sample \(i)")
                if method == .mad || Set(trailing).count == 1 {
                    XCTAssertEqual(got, expected, "\(method) at sample \(i)")
                    continue
                }
                XCTAssertEqual(got.baseline, expected.baseline, accuracy: 1e-12 * max(1, abs(expected.baseline)), "\(method) at \(i)")
                XCTAssertEqual(got.score, expected.score, accuracy: 1e-9 * max(1, abs(expected.score)), "\(method) at \(i)")
            }
            // The data reach both verdicts many times over.
            XCTAssertGreaterThan(judged, 5000, "\(method)")
            XCTAssertGreaterThan(anomalous, 30, "\(method)")
            XCTAssertGreaterThan(judged - anomalous, 3000, "\(method)")
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

    func testAValueWhoseSquareOverflowsMakesSigmaInfiniteOnlyWhileItIsInTheWindow() {
        // 1e200's deviation squared is beyond the largest double: the running sum of squares
        // overflows, and removing the value cannot bring it back, so the window is summed afresh.
        let values = (0..<40).map { i in i == 20 ? 1e200 : 100 + Double(i % 7) }
        var detector = AnomalyDetector(method: .zscore, window: 10_000)  // the 10 samples before
        for (i, x) in values.enumerated() {
            _ = detector.observe(x, at: Timestamp(i) * 1000)
            guard i >= 10 else { continue }
            let trailing = Array(values[(i - 10)..<i])
            if trailing.contains(1e200) {
                // σ is infinite (as summed straightforwardly), so every score is 0.
                XCTAssertEqual(detector.latest!.score, 0, "sample \(i)")
                XCTAssertFalse(detector.latest!.isAnomalous, "sample \(i)")
                continue
            }
            let mean = trailing.reduce(0, +) / 10
            let sd = (trailing.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 9).squareRoot()
            XCTAssertEqual(detector.latest!.baseline, mean, accuracy: 1e-12, "sample \(i)")
            XCTAssertEqual(detector.latest!.score, (x - mean) / sd, accuracy: 1e-9, "sample \(i)")
        }
        XCTAssertEqual(detector.anomalies.first?.onset, 20_000)
    }
}
