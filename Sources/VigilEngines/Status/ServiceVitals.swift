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
/// else from the samples themselves (the quantile of the period's samples). With several
/// series (instances, versions) the worst one is the service's figure.
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
    public static func compute(service: String, requests: [Series], latency: [Series], at now: Timestamp,
                               period: Milliseconds) -> ServiceVitals {
        ServiceVitals(successRate: successRate(service, requests, now, period),
                      latency: levels.map { quantile($0.level, service, latency, now, period) })
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

    static func quantile(_ level: Double, _ service: String, _ latency: [Series], _ now: Timestamp,
                         _ period: Milliseconds) -> Measured {
        let base = "\(SimulatorMetrics.latency){service=\"\(service)\""
        guard !latency.isEmpty else { return .missing(Shortfall(.noSeries, base + "}")) }
        let values: [Double?]
        let selector: String
        if latency.contains(where: { $0.labels["quantile"] != nil }) {
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
}
