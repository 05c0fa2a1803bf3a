import Foundation
import VigilEngines
import VigilSeries

/// Rolling z-score and rolling MAD over `series` × `samples` (one sample a second, so a
/// window of `window` seconds holds `window` samples), timed per detector; then the same
/// values, written as float64, through pandas' rolling mean/std and median in the same run.
func runSpeed(series: Int, samples: Int, window: Int, methods: [AnomalyMethod]) throws {
    var generator = SplitMix64(seed: 13)
    var values = [Double](repeating: 0, count: series * samples)
    for index in values.indices {
        // A noisy level per series with a rare spike: the shape of a latency signal.
        let level = 100 + Double(index / samples % 17) * 10
        values[index] = level + generator.nextGaussian() * 5 + (generator.next() % 500 == 0 ? 80 : 0)
    }
    let path = NSTemporaryDirectory() + "vigil-anomaly-speed.f64"
    try values.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
    print("bench-anomaly speed: \(series) series × \(samples) samples, window \(window) samples (\(window)s at 1 sample/s)")
    for method in methods {
        var found = 0
        let begin = DispatchTime.now().uptimeNanoseconds
        for s in 0..<series {
            var detector = AnomalyDetector(method: method, window: Timestamp(window) * 1000)
            let base = s * samples
            for i in 0..<samples where !detector.observe(values[base + i], at: Timestamp(i) * 1000).isEmpty { found += 1 }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9
        print(String(format: "  vigil  %@ %8.3fs  %12.0f samples/s  (%d samples opened or closed an anomaly)",
                     method.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0), seconds,
                     Double(values.count) / seconds, found))
    }
    let pandas = Process()
    pandas.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    pandas.arguments = ["python3", "\(benchDirectory)/anomaly/pandas_rolling.py", path, "\(series)", "\(samples)", "\(window)"]
    try pandas.run()
    pandas.waitUntilExit()
    try? FileManager.default.removeItem(atPath: path)
}

