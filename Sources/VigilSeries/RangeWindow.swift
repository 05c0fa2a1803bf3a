/// The non-stale samples of one series inside `[start, end]`, both ends inclusive.
///
/// Prometheus drops stale markers when it builds a range vector, so every range function
/// sees the window through this view. It holds no copy: it walks the series' arrays.
public struct RangeWindow {
    /// The series the window looks at.
    public let series: Series
    /// Window start (inclusive), in milliseconds.
    public let start: Timestamp
    /// Window end (inclusive), in milliseconds.
    public let end: Timestamp
    /// Indices into the series covering the window, stale markers included.
    public let indices: Range<Int>

    /// The window `[time - width, time]` over a series, as range functions use it.
    public init(_ series: Series, at time: Timestamp, width: Milliseconds) {
        self.init(series, from: time - width, through: time)
    }

    /// The window `[start, end]` over a series.
    public init(_ series: Series, from start: Timestamp, through end: Timestamp) {
        self.series = series
        self.start = start
        self.end = end
        indices = series.indices(from: start, through: end)
    }

    /// Calls `body` with each non-stale sample's time and value, oldest first.
    @inline(__always)
    public func forEach(_ body: (Timestamp, Double) -> Void) {
        let times = series.timestamps
        let values = series.values
        for index in indices where !StaleMarker.isStale(values[index]) {
            body(times[index], values[index])
        }
    }

    /// The non-stale values, oldest first.
    public var values: [Double] {
        var result: [Double] = []
        result.reserveCapacity(indices.count)
        forEach { _, value in result.append(value) }
        return result
    }

    /// The non-stale samples, oldest first.
    public var samples: [Sample] {
        var result: [Sample] = []
        result.reserveCapacity(indices.count)
        forEach { time, value in result.append(Sample(time, value)) }
        return result
    }

    /// Number of non-stale samples.
    public var count: Int {
        var total = 0
        forEach { _, _ in total += 1 }
        return total
    }

    /// The newest non-stale sample, if any.
    public var last: Sample? {
        for index in indices.reversed() where !StaleMarker.isStale(series.values[index]) {
            return series[index]
        }
        return nil
    }
}
