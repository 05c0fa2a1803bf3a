/// Instant lookups: the value "now", and whether a series is absent.
extension Series {
    /// Prometheus's default lookback for an instant selector: five minutes.
    public static let defaultLookback: Milliseconds = 5 * TimeUnit.minute

    /// The newest sample at or before `time` within the lookback; nil when there is none
    /// or when that newest sample is a stale marker (the series ended), as in Prometheus.
    public func last(at time: Timestamp, lookback: Milliseconds = Series.defaultLookback) -> Double? {
        let end = firstIndex(after: time)
        guard end > 0 else { return nil }
        let index = end - 1
        guard timestamps[index] >= time - lookback, !StaleMarker.isStale(values[index]) else { return nil }
        return values[index]
    }

    /// True when the window `[time - window, time]` holds no non-stale sample (`absent_over_time`).
    ///
    /// This is a plain Bool rather than Prometheus's "1 or nothing": absence is never unknown.
    public func isAbsent(at time: Timestamp, window: Milliseconds) -> Bool {
        RangeWindow(self, at: time, width: window).last == nil
    }
}
