import VigilSeries

/// Which deployed version a fault hits.
public enum SimulatedVersion: String, Equatable, Sendable {
    /// The version serving today.
    case stable
    /// The version being rolled out.
    case candidate
}

/// What goes wrong.
public enum FaultKind: Equatable, Sendable {
    /// The error rate becomes this fraction of requests (e.g. 0.05) while the fault lasts.
    case errorRate(Double)
    /// Every request takes `factor` times as long (1.5 = a 50% regression).
    case latencyStep(factor: Double)
    /// Latency grows by `percentPerMinute`% of its normal value for each minute since the
    /// fault started (linear, so +10%/min is +50% after five minutes).
    case latencyDrift(percentPerMinute: Double)
    /// Nothing succeeds: every request answers 503.
    case outage
    /// The version receives no requests, whatever its weight (a broken route).
    case noTraffic
}

/// A fault injected into one version over `[start, end)`.
///
/// A scrape at time T reports the requests of (T − interval, T] and a fault applies to them
/// when the middle of that interval lies in `[start, end)`, so the first faulty scrape is
/// the first one that is mostly after `start`.
public struct Fault: Equatable, Sendable {
    /// What goes wrong.
    public let kind: FaultKind
    /// Which version it hits.
    public let version: SimulatedVersion
    /// When it starts (inclusive), in milliseconds.
    public let start: Timestamp
    /// When it ends (exclusive); nil for never.
    public let end: Timestamp?

    /// Creates a fault; the candidate is the usual victim.
    public init(_ kind: FaultKind, on version: SimulatedVersion = .candidate, from start: Timestamp, until end: Timestamp? = nil) {
        self.kind = kind
        self.version = version
        self.start = start
        self.end = end
    }

    func isActive(at time: Timestamp, for version: SimulatedVersion) -> Bool {
        self.version == version && time >= start && (end.map { time < $0 } ?? true)
    }
}

/// One service with a stable and a candidate version, as the simulator models it.
public struct SimulatorConfiguration: Equatable, Sendable {
    /// The `service` label.
    public var service: String = "checkout"
    /// The stable version's `version` label.
    public var stableVersion: String = "v1"
    /// The candidate's `version` label.
    public var candidateVersion: String = "v2"
    /// Mean requests per second across both versions (Poisson arrivals).
    public var requestsPerSecond: Double = 100
    /// Requests per second sent straight to the candidate while it holds no share of the
    /// traffic (weight 0): the smoke tests a blue/green preview gets. None by default.
    public var previewRequestsPerSecond: Double = 0
    /// Fraction of requests failing with 500 when no fault applies.
    public var baseErrorRate: Double = 0.001
    /// Median request latency in seconds when no fault applies.
    public var latencyMedian: Double = 0.1
    /// σ of log-latency (latencies are lognormal); 0.25 puts p95 at about 1.5 × the median.
    public var latencySpread: Double = 0.25
    /// Time between scrapes, in milliseconds.
    public var scrapeInterval: Milliseconds = 15 * TimeUnit.second
    /// Time of the first scrape.
    public var start: Timestamp = 0
    /// Latencies drawn per version and scrape at most, as a client summary's sample would
    /// hold; bounds the cost when traffic is high.
    public var latencySampleLimit: Int = 200
    /// Seed of the generator: the same seed always gives the same series.
    public var seed: UInt64 = 1
    /// Injected faults.
    public var faults: [Fault] = []

    /// The defaults: checkout, v1 → v2, 100 req/s, 0.1% errors, 100 ms median, scrape 15 s.
    public init() {}

    /// Checks every field, naming the first bad one.
    public func validate() throws {
        func fail(_ message: String) -> CanaryError { CanaryError(message: "simulator: " + message) }
        guard !service.isEmpty else { throw fail("the service name is empty") }
        guard stableVersion != candidateVersion else { throw fail("stable and candidate are both \(stableVersion)") }
        // Counts are drawn as Ints; a billion requests a second is beyond any one service.
        guard requestsPerSecond.isFinite && (0...1e9).contains(requestsPerSecond) else {
            throw fail("requests per second must be from 0 to 1e9, got \(requestsPerSecond)")
        }
        guard previewRequestsPerSecond.isFinite && (0...1e9).contains(previewRequestsPerSecond) else {
            throw fail("preview requests per second must be from 0 to 1e9, got \(previewRequestsPerSecond)")
        }
        guard (0...1).contains(baseErrorRate) else { throw fail("the base error rate must be between 0% and 100%, got \(baseErrorRate)") }
        guard latencyMedian.isFinite && latencyMedian > 0 else { throw fail("the median latency must be positive, got \(latencyMedian)") }
        guard latencySpread.isFinite && latencySpread >= 0 else { throw fail("the latency spread must be ≥ 0, got \(latencySpread)") }
        guard scrapeInterval > 0 else { throw fail("the scrape interval must be positive, got \(scrapeInterval) ms") }
        guard latencySampleLimit >= 1 else { throw fail("the latency sample limit must be at least 1") }
        for fault in faults {
            if let end = fault.end, end <= fault.start { throw fail("a fault ends (\(end) ms) before it starts (\(fault.start) ms)") }
            switch fault.kind {
            case .errorRate(let rate) where !(0...1).contains(rate):
                throw fail("a fault's error rate must be between 0% and 100%, got \(rate)")
            case .latencyStep(let factor) where !(factor.isFinite && factor > 0):
                throw fail("a latency step factor must be positive, got \(factor)")
            case .latencyDrift(let percent) where !percent.isFinite:
                throw fail("a latency drift must be finite, got \(percent)%/min")
            default: break
            }
        }
    }
}
