import XCTest
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax
import VigilTestSupport

/// A replay evaluates each call site at increasing times through its incremental state;
/// every answer must equal the direct (from scratch) function at that time.
final class IncrementalReplayTests: XCTestCase {
    /// A small deterministic generator, so a failure names a seed that reproduces it.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    }

    /// A counter with irregular scrapes, gaps, resets and stale markers, and a noisy gauge.
    static func randomStore(seed: UInt64) throws -> SeriesStore {
        var g = Generator(state: seed)
        var store = SeriesStore()
        for (index, code) in ["200", "500"].enumerated() {
            var counter = Series(labels: Labels(name: "requests_total", ["code": code]))
            var gauge = Series(labels: Labels(name: "latency_seconds", ["code": code]))
            var time: Timestamp = 0, total = 0.0
            while time < 4 * TimeUnit.hour {
                time += Timestamp(g.int(5...40)) * 1000 + (g.unit() < 0.03 ? 20 * TimeUnit.minute : 0)
                total = g.unit() < 0.01 ? 0 : total + Double(g.int(0...50 * (index + 1)))
                try counter.append(time, g.unit() < 0.01 ? StaleMarker.value : total)
                try gauge.append(time, 0.05 + g.unit() * 0.2 + Double(time) / 1e9)
            }
            try store.add(counter)
            try store.add(gauge)
        }
        return store
    }

    /// Each expression with the direct computation it must equal, per series.
    static let cases: [(String, String, (Series, Timestamp) -> Double?)] = [
        ("rate(series(\"requests_total\"), 5m)", "requests_total", { $0.rate(at: $1, window: 5 * TimeUnit.minute) }),
        ("increase(series(\"requests_total\"), 1h)", "requests_total", { $0.increase(at: $1, window: TimeUnit.hour) }),
        ("delta(series(\"latency_seconds\"), 10m)", "latency_seconds", { $0.delta(at: $1, window: 10 * TimeUnit.minute) }),
        ("avg(series(\"latency_seconds\"), 10m)", "latency_seconds", { $0.avgOverTime(at: $1, window: 10 * TimeUnit.minute) }),
        ("sum(series(\"latency_seconds\"), 10m)", "latency_seconds", { $0.sumOverTime(at: $1, window: 10 * TimeUnit.minute) }),
        ("min(series(\"latency_seconds\"), 15m)", "latency_seconds", { $0.minOverTime(at: $1, window: 15 * TimeUnit.minute) }),
        ("max(series(\"latency_seconds\"), 15m)", "latency_seconds", { $0.maxOverTime(at: $1, window: 15 * TimeUnit.minute) }),
        ("count(series(\"requests_total\"), 5m)", "requests_total", { $0.countOverTime(at: $1, window: 5 * TimeUnit.minute) }),
        ("p95(series(\"latency_seconds\"), 30m)", "latency_seconds", { $0.quantileOverTime(0.95, at: $1, window: 30 * TimeUnit.minute) }),
        ("quantile(series(\"latency_seconds\"), 25%, 30m)", "latency_seconds", { $0.quantileOverTime(0.25, at: $1, window: 30 * TimeUnit.minute) }),
        ("ewma(series(\"latency_seconds\"), 0.3)", "latency_seconds", { $0.ewma(alpha: 0.3, at: $1) }),
        ("forecast(series(\"latency_seconds\"), 1h)", "latency_seconds", { $0.forecast(horizon: TimeUnit.hour, at: $1) }),
        ("zscore(series(\"latency_seconds\"), 10m)", "latency_seconds", { $0.zscore(at: $1, window: 10 * TimeUnit.minute) }),
    ]

    func testIncrementalEqualsDirectAtEveryTickOfRandomReplays() throws {
        for seed: UInt64 in [1, 7, 42] {
            let store = try Self.randomStore(seed: seed)
            let session = VigilSession(store: store)
            for (source, metric, direct) in Self.cases {
                let file = SourceFile(path: "replay.vigil", text: source)
                let (program, diagnostics) = Parser.parse(file)
                XCTAssertTrue(diagnostics.isEmpty, source)
                let compiled = try session.interpreter.compile(try XCTUnwrap(program.loneExpression), in: file)
                let series = store.select([.metricName(metric)])
                // Mostly forward, one jump back in time: the state must start over and still agree.
                var compared = 0
                let ticks = Array(stride(from: Timestamp(0), through: 4 * TimeUnit.hour, by: 30_000)) + [TimeUnit.hour, TimeUnit.hour + 30_000]
                for tick in ticks {
                    session.interpreter.beginRequest()
                    let got = Self.numbers(try session.interpreter.evaluate(compiled, at: Evaluation(time: Double(tick) / 1000)))
                    for s in series {
                        let want = direct(s, tick)
                        let have = got[s.labels.withoutMetricName]
                        switch (want, have) {
                        case (nil, nil): continue
                        case (let w?, let h?) where w.isNaN && h.isNaN: continue
                        case (let w?, let h?):
                            compared += 1
                            XCTAssertEqual(h, w, accuracy: max(1e-9, abs(w) * 1e-9), "\(source) seed \(seed) at \(tick) ms \(s.labels)")
                        default:
                            XCTFail("\(source) seed \(seed) at \(tick) ms \(s.labels): incremental \(String(describing: have)), direct \(String(describing: want))")
                        }
                    }
                }
                XCTAssertGreaterThan(compared, ticks.count / 2, "\(source) seed \(seed): too few values to compare")
            }
        }
    }

    /// A vector's numbers by label set.
    static func numbers(_ v: Value) -> [Labels: Double] {
        guard case .object(let vector as VectorValue) = v else { return [:] }
        var out: [Labels: Double] = [:]
        for e in vector.entries { if case .number(let x, _) = e.value { out[e.labels] = x } }
        return out
    }
}
