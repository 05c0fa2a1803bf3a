import VigilRuntime
import VigilSyntax

/// The unit a series value carries, from Prometheus naming conventions: `_seconds` is a
/// duration, `_bytes` a byte size, `_ratio` a fraction shown as a percent. So
/// `p95(series("http_request_duration_seconds"), 5m) <= 5ms` compares durations.
public enum MetricUnits {
    /// How a function transforms the metric's unit.
    public enum Kind {
        /// Values of the metric itself: last, avg/min/max/sum over time, quantiles, forecasts.
        case gauge
        /// Differences of a counter: increase, delta (a seconds counter increases by seconds).
        case counterDelta
        /// Per-second rates and counts: plain numbers.
        case plain
        /// A ratio of two counters (error rate): a fraction shown as a percent.
        case fraction
    }

    public static func unit(of metric: String?, function kind: Kind) -> Unit {
        switch kind {
        case .plain: return .plain
        case .fraction: return Unit(.number, .percent)
        case .gauge, .counterDelta:
            guard var name = metric else { return .plain }
            if name.hasSuffix("_total") { name.removeLast(6) }
            if kind == .counterDelta, metric?.hasSuffix("_total") != true { return unit(of: name, function: .gauge) }
            if name.hasSuffix("_seconds") { return .duration }
            if name.hasSuffix("_bytes") { return Unit(.bytes, .bytesSI) }
            if name.hasSuffix("_ratio") { return Unit(.number, .percent) }
            return .plain
        }
    }
}
