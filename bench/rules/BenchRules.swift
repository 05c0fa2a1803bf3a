/// The benchmark's 20 rules, each over 5 of the 100 series: 10 `rate` over counters, 5
/// `delta` and 5 `p95` over gauges, windows 5m and 1h. Each rule is written both in Vigil
/// and in PromQL from the same parts, so the Prometheus peer evaluates exactly what the
/// replay does.
struct BenchRule {
    enum Function {
        case rate, delta, p95
    }

    let index: Int
    let function: Function
    /// The window as both languages spell it ("5m", "1h").
    let window: String
    /// The threshold in Vigil ("100ms") and the same number in PromQL's base unit ("0.1").
    let vigilThreshold: String
    let promQLThreshold: String

    var name: String { "r\(index)" }

    /// Rules 2k and 2k+1 both select instances i(5k) … i(5k+4).
    private var instances: String { (0..<5).map { "i\((index / 2) * 5 + $0)" }.joined(separator: "|") }

    private var metric: String { function == .rate ? "http_requests_total" : "latency_seconds" }

    /// `rate(series("http_requests_total", instance: ~"i0|i1|i2|i3|i4"), 5m) > 45`
    var vigilCondition: String {
        let selection = "series(\"\(metric)\", instance: ~\"\(instances)\")"
        let call: String
        switch function {
        case .rate: call = "rate(\(selection), \(window))"
        case .delta: call = "delta(\(selection), \(window))"
        case .p95: call = "p95(\(selection), \(window))"
        }
        return "\(call) > \(vigilThreshold)"
    }

    /// `rate(http_requests_total{instance=~"i0|i1|i2|i3|i4"}[5m]) > 45`. Both regexes are
    /// fully anchored, both windows are `[t - w, t]` with both ends included (Prometheus 2.x),
    /// and Vigil's `rate`/`delta` extrapolate as Prometheus 2.x does (CounterFunctions.swift).
    var promQL: String {
        let selection = "\(metric){instance=~\"\(instances)\"}[\(window)]"
        let call: String
        switch function {
        case .rate: call = "rate(\(selection))"
        case .delta: call = "delta(\(selection))"
        case .p95: call = "quantile_over_time(0.95, \(selection))"
        }
        return "\(call) > \(promQLThreshold)"
    }

    /// The rule as Vigil source: evaluated every 30 s, firing after 5 minutes.
    var vigilSource: String {
        "rule \"\(name)\" {\n  every 30s\n  when \(vigilCondition)\n  for 5m\n  then page(\"oncall\", \"\(name)\")\n}\n"
    }

    static let all: [BenchRule] = (0..<20).map { r in
        switch r % 8 {
        case 1: BenchRule(index: r, function: .delta, window: "5m", vigilThreshold: "100ms", promQLThreshold: "0.1")
        case 3: BenchRule(index: r, function: .p95, window: "5m", vigilThreshold: "250ms", promQLThreshold: "0.25")
        case 5: BenchRule(index: r, function: .delta, window: "1h", vigilThreshold: "100ms", promQLThreshold: "0.1")
        case 7: BenchRule(index: r, function: .p95, window: "1h", vigilThreshold: "250ms", promQLThreshold: "0.25")
        default:
            r % 4 == 0 ? BenchRule(index: r, function: .rate, window: "5m", vigilThreshold: "45", promQLThreshold: "45")
                : BenchRule(index: r, function: .rate, window: "1h", vigilThreshold: "40", promQLThreshold: "40")
        }
    }

    /// The whole rule file the replay loads.
    static var program: String { all.map(\.vigilSource).joined() }
}
