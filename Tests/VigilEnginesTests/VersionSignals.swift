import VigilSeries
@testable import VigilEngines

/// Reads the simulator's metrics for one service per version, so the simulator's tests can
/// check what it wrote. Every reader returns nil for no data, never 0.
struct VersionSignals {
    /// The store to read.
    let store: SeriesStore
    /// The `service` label.
    let service: String

    /// Creates a reader over a store.
    init(store: SeriesStore, service: String) {
        self.store = store
        self.service = service
    }

    /// Requests the version served over `[time − window, time]`: the sum of `increase` over
    /// its request counters; nil when no counter has two samples in the window.
    func requestCount(version: String, at time: Timestamp, window: Milliseconds) -> Double? {
        sumOfIncreases(version: version, at: time, window: window) { _ in true }
    }

    /// Fraction of the version's requests answered 5xx over the window; nil when it served
    /// none (a zero denominator is nodata, not infinity).
    func errorRatio(version: String, at time: Timestamp, window: Milliseconds) -> Double? {
        guard let total = requestCount(version: version, at: time, window: window), total > 0 else { return nil }
        let errors = sumOfIncreases(version: version, at: time, window: window) { $0.hasPrefix("5") } ?? 0
        return errors / total
    }

    /// Mean over the window of the version's summary quantile (`"0.95"` for p95); nil
    /// when the window holds no sample.
    func latencyQuantile(_ quantile: String, version: String, at time: Timestamp, window: Milliseconds) -> Double? {
        quantileSeries(quantile, version: version)?.avgOverTime(at: time, window: window)
    }

    private func quantileSeries(_ quantile: String, version: String) -> Series? {
        store.series(Labels(name: SimulatorMetrics.latency, ["service": service, "version": version, "quantile": quantile]))
    }

    private func sumOfIncreases(version: String, at time: Timestamp, window: Milliseconds,
                                codeMatches: (String) -> Bool) -> Double? {
        let matching = store.select([
            .metricName(SimulatorMetrics.requests), .equal("service", service), .equal("version", version),
        ]).filter { codeMatches($0.labels["code"] ?? "") }
        var total: Double?
        for series in matching {
            if let increase = series.increase(at: time, window: window) { total = (total ?? 0) + increase }
        }
        return total
    }
}
