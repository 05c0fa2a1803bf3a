import VigilSeries

/// A source a session reads series from as the program selects them, which a loop on the
/// wall clock brings up to date before each evaluation: a live Prometheus (`PrometheusFeed`)
/// or a store that `vigil ingest` keeps writing (`StoreFeed`).
public protocol SampleFeed: AnyObject {
    /// Brings every selection read so far up to `end`, the next evaluation's time.
    func refresh(through end: Timestamp) throws
}

extension SeriesStore {
    /// Adds the samples of `series` newer than the ones stored for its label set (all of
    /// them for a new label set): a refresh reads again a little of what it read before,
    /// and selections may overlap, so the store must never hold a sample twice.
    public mutating func appendNewer(_ series: Series) throws {
        let first = lastTimestamp(of: series.labels).map { series.firstIndex(after: $0) } ?? 0
        for index in first..<series.count {
            try append(series.labels, series.timestamps[index], series.values[index])
        }
    }
}
