import VigilEngines
import VigilRuntime
import VigilSeries

/// A service's vitals and the period's mean times as every format shows them: `99.617%`,
/// `122.288ms`, or which series was missing (`no data: no series http_requests_total{…}`).
enum StatusVitalsText {
    /// The vitals' names, in the order of a line (and of the Markdown and HTML columns).
    static let names = ["success"] + ServiceVitals.levels.map(\.name) + ["open incidents"]

    /// The line's leading figures: success, p50, p95, p99 and open incidents (none for a
    /// service that only another engine named).
    static func parts(_ service: ServiceStatus, period: Milliseconds) -> [(name: String, text: String)] {
        var out: [(name: String, text: String)] = []
        if let vitals = service.vitals {
            out.append(("success", measured(vitals.successRate, period) { percent($0) }))
            for (level, value) in zip(ServiceVitals.levels, vitals.latency) {
                out.append((level.name, measured(value, period) { latency($0) }))
            }
        }
        if let open = service.openIncidents { out.append(("open incidents", "\(open)")) }
        return out
    }

    /// The vitals that have no number, by name (`success`, `p99`), with the series missing.
    static func shortfalls(_ service: ServiceStatus, period: Milliseconds) -> [(name: String, text: String)] {
        guard let vitals = service.vitals else { return [] }
        let named: [(String, Measured)] = [("success", vitals.successRate)] + zip(ServiceVitals.levels.map(\.name), vitals.latency)
        return named.compactMap { name, value in
            guard case .missing(let shortfall) = value else { return nil }
            return (name, missing(shortfall, period))
        }
    }

    static func measured(_ m: Measured, _ period: Milliseconds, _ show: (Double) -> String) -> String {
        switch m {
        case .value(let x): return show(x)
        case .missing(let shortfall): return "no data: " + missing(shortfall, period)
        }
    }

    /// Which series was missing, and how.
    static func missing(_ s: Shortfall, _ period: Milliseconds) -> String {
        let window = QuantityFormatting.period(period)
        switch s.kind {
        case .noSeries: return "no series \(s.selector)"
        case .noSamples: return "too few samples of \(s.selector) in the last \(window)"
        case .noIncrease: return "\(s.selector) did not increase in the last \(window)"
        }
    }

    /// A success rate to a thousandth of a percent: 99.617%.
    static func percent(_ x: Double) -> String {
        Value.number((x * 100_000).rounded() / 100_000, Unit(.number, .percent)).literal
    }

    static func latency(_ seconds: Double) -> String {
        Value.number(seconds, MetricUnits.unit(of: SimulatorMetrics.latency, function: .gauge)).literal
    }

    /// A mean time, or why there is none (`none resolved`).
    static func meanTime(_ ms: Milliseconds?, _ absent: String) -> String {
        ms.map { QuantityFormatting.period($0) } ?? "n/a (\(absent))"
    }
}
