import VigilSeries

/// A range function Vigil can push down to a Prometheus-compatible store as PromQL.
///
/// Each case names its PromQL function and its local counterpart in VigilSeries, so the
/// same signal gives the same number whether it is computed here or by the server.
public enum RangeFunction: Hashable, Sendable, CustomStringConvertible {
    /// `rate(s[w])`: per-second increase of a counter, extrapolated.
    case rate
    /// `increase(s[w])`: increase of a counter, extrapolated.
    case increase
    /// `delta(s[w])`: change of a gauge, extrapolated.
    case delta
    /// `avg_over_time(s[w])`.
    case avgOverTime
    /// `sum_over_time(s[w])`.
    case sumOverTime
    /// `min_over_time(s[w])`.
    case minOverTime
    /// `max_over_time(s[w])`.
    case maxOverTime
    /// `count_over_time(s[w])`.
    case countOverTime
    /// `stddev_over_time(s[w])`.
    case stddevOverTime
    /// `last_over_time(s[w])`.
    case lastOverTime
    /// `quantile_over_time(φ, s[w])`, φ in [0, 1] (outside gives ±Inf, as in Prometheus).
    case quantileOverTime(Double)

    /// The PromQL function name.
    public var promQLName: String {
        switch self {
        case .rate: return "rate"
        case .increase: return "increase"
        case .delta: return "delta"
        case .avgOverTime: return "avg_over_time"
        case .sumOverTime: return "sum_over_time"
        case .minOverTime: return "min_over_time"
        case .maxOverTime: return "max_over_time"
        case .countOverTime: return "count_over_time"
        case .stddevOverTime: return "stddev_over_time"
        case .lastOverTime: return "last_over_time"
        case .quantileOverTime: return "quantile_over_time"
        }
    }

    /// The PromQL expression over a selector and window, e.g. `rate({__name__="x"}[5m])`.
    public func promQL(over matchers: [LabelMatcher], window: Milliseconds) throws -> String {
        let rangeVector = "\(try PromQL.selector(matchers))[\(try PromQL.duration(window))]"
        switch self {
        case .quantileOverTime(let phi):
            return "\(promQLName)(\(PromQL.number(phi)), \(rangeVector))"
        default:
            return "\(promQLName)(\(rangeVector))"
        }
    }

    /// The same function computed locally by VigilSeries over `[time - window, time]`.
    public func apply(to series: Series, at time: Timestamp, window: Milliseconds) -> Double? {
        switch self {
        case .rate: return series.rate(at: time, window: window)
        case .increase: return series.increase(at: time, window: window)
        case .delta: return series.delta(at: time, window: window)
        case .avgOverTime: return series.avgOverTime(at: time, window: window)
        case .sumOverTime: return series.sumOverTime(at: time, window: window)
        case .minOverTime: return series.minOverTime(at: time, window: window)
        case .maxOverTime: return series.maxOverTime(at: time, window: window)
        case .countOverTime: return series.countOverTime(at: time, window: window)
        case .stddevOverTime: return series.stddevOverTime(at: time, window: window)
        case .lastOverTime: return series.lastOverTime(at: time, window: window)
        case .quantileOverTime(let phi): return series.quantileOverTime(phi, at: time, window: window)
        }
    }

    public var description: String {
        if case .quantileOverTime(let phi) = self { return "\(promQLName)(\(PromQL.number(phi)))" }
        return promQLName
    }
}
