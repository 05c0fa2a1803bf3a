import Foundation
import VigilEngines
import VigilSeries

/// The samples the test Prometheus is backfilled with, generated deterministically (SplitMix64), and
/// their OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`.
///
/// Times are fixed (2025-01-15 12:00 UTC onwards) so every run queries the same data;
/// Prometheus applies retention relative to its newest block, so old data stays. Sample
/// spacing is 15 s with jitter in multiples of 125 ms: irregular enough to exercise
/// rate extrapolation, and exact in binary: OpenMetrics times are float seconds, and
/// fractions like .125 survive any seconds-to-milliseconds conversion unchanged.
struct BackfillData {
    static let start: Timestamp = 1_736_942_400_000
    static let spacing: Milliseconds = 15 * TimeUnit.second
    static let sampleCount = 481
    static var end: Timestamp { start + Timestamp(sampleCount - 1) * spacing }
    /// The index at which the `code="500"` counter resets.
    static let resetIndex = 200

    /// The generated series, as the server should return them.
    let store: SeriesStore
    /// The same series in OpenMetrics text, ending with `# EOF`.
    let openMetrics: String

    init() throws {
        var random = SplitMix64(seed: 20_250_115)
        var families: [(name: String, type: String, series: [Series])] = []
        let counters = try [
            Self.counter(["service": "checkout", "code": "200"], &random, every: 1, reset: nil),
            Self.counter(["service": "checkout", "code": "500"], &random, every: 1, reset: Self.resetIndex),
            Self.counter(["service": "checkout", "code": "503"], &random, every: 4, reset: nil),
            Self.counter(["service": "search", "code": "200"], &random, every: 1, reset: nil),
        ]
        families.append(("http_requests", "counter", counters))
        families.append(("request_duration_seconds", "gauge", [
            try Self.gauge("request_duration_seconds", ["service": "checkout"], &random),
            try Self.gauge("request_duration_seconds", ["service": "search"], &random),
        ]))
        families.append(("odd_labels", "gauge", [
            try Self.gauge("odd_labels", ["path": "/a\"b\\c", "method": "GET"], &random),
            try Self.gauge("odd_labels", ["path": "/a.b", "method": "POST"], &random),
        ]))
        var store = SeriesStore()
        var text = ""
        for family in families {
            text += "# TYPE \(family.name) \(family.type)\n"
            for series in family.series {
                try store.add(series)
                for index in 0..<series.count {
                    text += "\(Self.exposition(series.labels)) \(series.values[index]) \(Self.seconds(series.timestamps[index]))\n"
                }
            }
        }
        self.store = store
        openMetrics = text + "# EOF\n"
    }

    /// Sample time `index` steps from the start, jittered by −1 s…+1 s in 125 ms steps.
    private static func time(_ index: Int, _ random: inout SplitMix64) -> Timestamp {
        let jitter = Timestamp(random.next() % 17) * 125 - 1_000
        return start + Timestamp(index) * spacing + (index == 0 ? 0 : jitter)
    }

    private static func counter(
        _ labels: [String: String], _ random: inout SplitMix64, every stride: Int, reset: Int?
    ) throws -> Series {
        var series = Series(labels: Labels(name: "http_requests_total", labels))
        var value = Double(random.next() % 1_000)
        for index in Swift.stride(from: 0, to: sampleCount, by: stride) {
            if index == reset {
                value = Double(random.next() % 5)
            } else {
                value += Double(random.next() % 200) / 4
            }
            try series.append(time(index, &random), value)
        }
        return series
    }

    private static func gauge(_ name: String, _ labels: [String: String], _ random: inout SplitMix64) throws -> Series {
        var series = Series(labels: Labels(name: name, labels))
        for index in 0..<sampleCount {
            // Full-precision doubles, so exact round-tripping through Prometheus is tested.
            let value = Double(random.next() >> 11) / Double(1 << 53) * 3 - 0.5
            try series.append(time(index, &random), value)
        }
        return series
    }

    /// `name{a="x",b="y"}` with OpenMetrics escaping.
    private static func exposition(_ labels: Labels) -> String {
        let pairs = labels.withoutMetricName.pairs.map { pair -> String in
            let escaped = pair.value.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
            return "\(pair.name)=\"\(escaped)\""
        }
        return (labels.metricName ?? "") + "{" + pairs.joined(separator: ",") + "}"
    }

    /// Milliseconds as OpenMetrics seconds, e.g. `1736942400.125`.
    private static func seconds(_ timestamp: Timestamp) -> String {
        let millis = timestamp % 1000
        let fraction = millis == 0 ? "" : "." + String(String(1000 + millis).dropFirst())
        return "\(timestamp / 1000)\(fraction)"
    }
}
