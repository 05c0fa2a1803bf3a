import Foundation
import VigilSeries

/// Deterministic synthetic telemetry for one service's stable and candidate versions,
/// written into a `SeriesStore` scrape by scrape, in closed loop with the canary's weight.
///
/// What it writes, per `version` (labels `service`, `version`):
/// - `http_requests_total{code="200"|"500"|"503"}`: counters of requests by status, all
///   three present from the first scrape so `increase` works from the start;
/// - `http_request_duration_seconds{quantile="0.5"|"0.95"|"0.99"}`: a summary whose
///   quantiles cover the requests of one scrape interval (max age = the interval). These are
///   plain gauges, so the range functions read them directly — e.g. a p95 signal is
///   `avgOverTime` of the `quantile="0.95"` series. With no request in the interval
///   nothing is written (Prometheus would write NaN), so the signal is nodata, not 0;
/// - `http_request_duration_seconds_sum` and `_count`: counters, for mean latency.
///
/// Requests per scrape are Poisson; each goes to the candidate with probability `weight`,
/// the weight in force when `advance` is called. At weight 0 the candidate still gets the
/// configured preview traffic. The same configuration and the same calls
/// give bit-identical series.
public struct TelemetrySimulator: Sendable {
    /// The model.
    public let configuration: SimulatorConfiguration
    /// Everything written so far.
    public private(set) var store = SeriesStore()
    /// Time of the newest scrape written, if any.
    public private(set) var lastScrape: Timestamp?

    private var generator: SplitMix64
    private var stable: VersionState
    private var candidate: VersionState

    /// Quantiles the summary exports.
    public static let quantiles: [(label: String, phi: Double)] = [("0.5", 0.5), ("0.95", 0.95), ("0.99", 0.99)]

    /// Creates a simulator; throws when the configuration is invalid.
    public init(configuration: SimulatorConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        generator = SplitMix64(seed: configuration.seed)
        stable = VersionState(service: configuration.service, version: configuration.stableVersion)
        candidate = VersionState(service: configuration.service, version: configuration.candidateVersion)
    }

    /// Writes every scrape due at or before `time`, routing `candidateWeight` of the requests
    /// to the candidate. The first scrape is at `configuration.start`.
    public mutating func advance(to time: Timestamp, candidateWeight: Double) throws {
        guard candidateWeight.isFinite, (0...1).contains(candidateWeight) else {
            throw CanaryError(message: "simulator: candidate weight must be between 0% and 100%, got \(candidateWeight * 100)%")
        }
        let interval = configuration.scrapeInterval
        var next = lastScrape.map { $0 + interval } ?? configuration.start
        while next <= time {
            try scrape(at: next, candidateWeight: candidateWeight)
            lastScrape = next
            next += interval
        }
    }

    private mutating func scrape(at time: Timestamp, candidateWeight: Double) throws {
        let interval = configuration.scrapeInterval
        // The interval's requests happen, on average, at its midpoint; faults are judged there.
        let middle = time - interval / 2
        let expected = configuration.requestsPerSecond * Double(interval) / 1000
        let first = time == configuration.start
        // The first scrape only initialises the counters: nothing happened before it.
        let total = first ? 0 : generator.nextPoisson(mean: expected)
        var toCandidate = generator.nextBinomial(trials: total, probability: candidateWeight)
        var toStable = total - toCandidate
        if candidateWeight == 0, configuration.previewRequestsPerSecond > 0, !first {
            // Drawn only when configured, so runs without preview traffic stay bit-identical.
            toCandidate += generator.nextPoisson(mean: configuration.previewRequestsPerSecond * Double(interval) / 1000)
        }
        if isActive(.noTraffic, on: .candidate, at: middle) { toCandidate = 0 }
        if isActive(.noTraffic, on: .stable, at: middle) { toStable = 0 }
        try serve(toStable, version: .stable, at: time, middle: middle)
        try serve(toCandidate, version: .candidate, at: time, middle: middle)
    }

    private mutating func serve(_ requests: Int, version: SimulatedVersion, at time: Timestamp, middle: Timestamp) throws {
        var state = version == .stable ? stable : candidate
        defer { if version == .stable { stable = state } else { candidate = state } }

        let outage = isActive(.outage, on: version, at: middle)
        var errorRate = configuration.baseErrorRate
        for fault in configuration.faults where fault.isActive(at: middle, for: version) {
            if case .errorRate(let rate) = fault.kind { errorRate = rate }
        }
        let failed = outage ? 0 : generator.nextBinomial(trials: requests, probability: errorRate)
        state.ok += Double(outage ? 0 : requests - failed)
        state.serverErrors += Double(failed)
        state.unavailable += Double(outage ? requests : 0)

        let scale = configuration.latencyMedian * latencyFactor(for: version, at: middle)
        let draws = min(requests, configuration.latencySampleLimit)
        var latencies: [Double] = []
        latencies.reserveCapacity(draws)
        for _ in 0..<draws {
            latencies.append(scale * exp(configuration.latencySpread * generator.nextGaussian()))
        }
        latencies.sort()
        if draws > 0 {
            // The drawn latencies stand for all requests of the interval in the sum.
            let mean = latencies.reduce(0, +) / Double(draws)
            state.latencySum += mean * Double(requests)
        }
        state.latencyCount += Double(requests)

        try store.append(state.requestLabels[0], time, state.ok)
        try store.append(state.requestLabels[1], time, state.serverErrors)
        try store.append(state.requestLabels[2], time, state.unavailable)
        try store.append(state.sumLabels, time, state.latencySum)
        try store.append(state.countLabels, time, state.latencyCount)
        guard draws > 0 else { return }
        for (index, quantile) in TelemetrySimulator.quantiles.enumerated() {
            let rank = quantile.phi * Double(draws - 1)
            let lower = Int(rank.rounded(.down))
            let upper = min(draws - 1, lower + 1)
            let weight = rank - Double(lower)
            try store.append(state.quantileLabels[index], time, latencies[lower] * (1 - weight) + latencies[upper] * weight)
        }
    }

    private func latencyFactor(for version: SimulatedVersion, at time: Timestamp) -> Double {
        var factor = 1.0
        for fault in configuration.faults where fault.isActive(at: time, for: version) {
            switch fault.kind {
            case .latencyStep(let step): factor *= step
            case .latencyDrift(let percent):
                let minutes = Double(time - fault.start) / Double(TimeUnit.minute)
                factor *= max(0, 1 + percent / 100 * minutes)
            default: break
            }
        }
        return factor
    }

    private func isActive(_ kind: FaultKind, on version: SimulatedVersion, at time: Timestamp) -> Bool {
        configuration.faults.contains { $0.kind == kind && $0.isActive(at: time, for: version) }
    }
}

/// Counter totals and prebuilt label sets of one version.
private struct VersionState: Sendable {
    var ok = 0.0
    var serverErrors = 0.0
    var unavailable = 0.0
    var latencySum = 0.0
    var latencyCount = 0.0
    /// Labels of the 200, 500 and 503 request counters, in that order.
    let requestLabels: [Labels]
    let quantileLabels: [Labels]
    let sumLabels: Labels
    let countLabels: Labels

    init(service: String, version: String) {
        let base = ["service": service, "version": version]
        requestLabels = ["200", "500", "503"].map { code in
            Labels(name: SimulatorMetrics.requests, base.merging(["code": code]) { $1 })
        }
        quantileLabels = TelemetrySimulator.quantiles.map { quantile in
            Labels(name: SimulatorMetrics.latency, base.merging(["quantile": quantile.label]) { $1 })
        }
        sumLabels = Labels(name: SimulatorMetrics.latency + "_sum", base)
        countLabels = Labels(name: SimulatorMetrics.latency + "_count", base)
    }
}

/// Metric names the simulator writes.
public enum SimulatorMetrics {
    /// Request counter by `code`.
    public static let requests = "http_requests_total"
    /// Latency summary (quantile gauges, plus `_sum` and `_count`).
    public static let latency = "http_request_duration_seconds"
}
