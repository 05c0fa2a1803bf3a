import VigilSeries

/// A number on a service's line, or the series that was missing for it: a report says which
/// series to look at, never a bare "no data".
public enum Measured: Equatable, Sendable {
    case value(Double)
    case missing(Shortfall)

    public var number: Double? {
        if case .value(let x) = self { return x }
        return nil
    }
}

/// Why a figure could not be computed, naming the series (`http_requests_total{service="checkout"}`).
public struct Shortfall: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// No series matches the selector at all.
        case noSeries
        /// Series exist but too few samples fall in the period (two for a counter, one for a gauge).
        case noSamples
        /// The request counters did not increase over the period: no traffic to rate.
        case noIncrease
    }

    public let kind: Kind
    public let selector: String

    public init(_ kind: Kind, _ selector: String) {
        self.kind = kind
        self.selector = selector
    }
}

/// A service's key figures over the report's period, from its RED series (the names the
/// simulator and the examples use, `SimulatorMetrics`): the success rate (1 − the 5xx share
/// of the request counters' increase) and latency p50/p95/p99.
///
/// Latency comes from a summary when the series carry a `quantile` label (the time-average of
/// the exported quantile over the period: a summary's quantiles cannot be merged exactly),
/// else from a histogram's `_bucket` series (the buckets' increase over the period, summed
/// across series, interpolated as Prometheus's `histogram_quantile`), else from the samples
/// themselves (the quantile of the period's samples). With several summary or sample series
/// (instances, versions) the worst one is the service's figure.
public struct ServiceVitals: Equatable, Sendable {
    public static let levels: [(name: String, level: Double)] = [("p50", 0.5), ("p95", 0.95), ("p99", 0.99)]

    public let successRate: Measured
    /// One per `levels`, in that order, in seconds.
    public let latency: [Measured]

    public init(successRate: Measured, latency: [Measured]) {
        self.successRate = successRate
        self.latency = latency
    }

    /// The figures of `service` at `now` over `[now - period, now]` from the series of its request
    /// counter and of its latency metric (both already narrowed to the service).
    public static func compute(service: String, requests: [Series], latency: [Series], buckets: [Series] = [],
                               at now: Timestamp, period: Milliseconds) -> ServiceVitals {
        ServiceVitals(successRate: successRate(service, requests, now, period),
                      latency: levels.map { quantile($0.level, service, latency, buckets, now, period) })
    }

    static func successRate(_ service: String, _ requests: [Series], _ now: Timestamp, _ period: Milliseconds) -> Measured {
        let selector = "\(SimulatorMetrics.requests){service=\"\(service)\"}"
        guard !requests.isEmpty else { return .missing(Shortfall(.noSeries, selector)) }
        var total: Double?, errors = 0.0
        for series in requests {
            guard let increase = series.increase(at: now, window: period) else { continue }
            total = (total ?? 0) + increase
            if isServerError(series.labels["code"]) { errors += increase }
        }
        guard let total else { return .missing(Shortfall(.noSamples, selector)) }
        guard total > 0 else { return .missing(Shortfall(.noIncrease, selector)) }
        return .value(1 - errors / total)
    }

    /// A 5xx status code, as `code: ~"5.."` selects it.
    static func isServerError(_ code: String?) -> Bool {
        guard let code else { return false }
        return code.count == 3 && code.first == "5" && code.allSatisfy(\.isNumber)
    }

    static func quantile(_ level: Double, _ service: String, _ latency: [Series], _ buckets: [Series], _ now: Timestamp,
                         _ period: Milliseconds) -> Measured {
        let base = "\(SimulatorMetrics.latency){service=\"\(service)\""
        let histogram = "\(SimulatorMetrics.latency)_bucket{service=\"\(service)\"}"
        let summary = latency.contains { $0.labels["quantile"] != nil }
        if !summary, !buckets.isEmpty { return histogramQuantile(level, buckets, histogram, now, period) }
        guard !latency.isEmpty else { return .missing(Shortfall(.noSeries, base + "} or \(histogram)")) }
        let values: [Double?]
        let selector: String
        if summary {
            let exported = latency.filter { $0.labels["quantile"].flatMap(Double.init) == level }
            selector = base + ", quantile=\"\(exported.first?.labels["quantile"] ?? String(level))\"}"
            guard !exported.isEmpty else { return .missing(Shortfall(.noSeries, selector)) }
            values = exported.map { $0.avgOverTime(at: now, window: period) }
        } else {
            selector = base + "}"
            values = latency.map { $0.quantileOverTime(level, at: now, window: period) }
        }
        guard let worst = values.compactMap({ $0 }).max() else { return .missing(Shortfall(.noSamples, selector)) }
        return .value(worst)
    }

    /// Prometheus's `histogram_quantile` over the buckets' increase in the period, the series
    /// of one bound summed: linear within the bucket the rank falls in, the highest finite
    /// bound when it falls in `+Inf`, counts made monotonic as Prometheus does.
    static func histogramQuantile(_ level: Double, _ buckets: [Series], _ selector: String, _ now: Timestamp,
                                  _ period: Milliseconds) -> Measured {
        var byBound: [Double: Double] = [:]
        for series in buckets {
            guard let bound = series.labels["le"].flatMap(Double.init),
                  let increase = series.increase(at: now, window: period) else { continue }
            byBound[bound, default: 0] += increase
        }
        let bounds = byBound.keys.sorted()
        guard bounds.last == .infinity, bounds.count >= 2 else { return .missing(Shortfall(.noSamples, selector)) }
        var counts = bounds.map { byBound[$0]! }
        for i in counts.indices.dropFirst() { counts[i] = max(counts[i], counts[i - 1]) }
        guard let total = counts.last, total > 0 else { return .missing(Shortfall(.noIncrease, selector)) }
        let rank = level * total
        let i = counts.firstIndex { $0 >= rank }!
        if i == bounds.count - 1 { return .value(bounds[i - 1]) }
        if i == 0 && bounds[0] <= 0 { return .value(bounds[0]) }
        let start = i == 0 ? 0 : bounds[i - 1], below = i == 0 ? 0 : counts[i - 1]
        return .value(start + (bounds[i] - start) * (rank - below) / (counts[i] - below))
    }
}
