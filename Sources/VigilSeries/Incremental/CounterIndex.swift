/// `increase` over any window of one counter series in O(1) a read (amortised, for times
/// that do not go back), for the many windows a replay reads over the same counter: the
/// burn-rate tiers of an SLO read 5m … 3d of the same two series every minute.
///
/// A `SlidingWindow` per window keeps the first and last sample and a running sum of the
/// counter-reset corrections between them. Here the corrections are summed once from the
/// series' start, so a window's correction is the difference of two running sums; the
/// window's ends are two cursors moving forward. That difference is exactly the window's
/// own sum — and so the answer bit for bit the window's — only when every running sum is
/// an exact double: whole-number corrections below 2^53, which counters of events are.
/// Other series (fractional corrections, or stale markers, which break the "every sample
/// counts" shortcut) get no index and are read through their `SlidingWindow`.
public final class CounterIndex: Sendable {
    public let series: Series
    /// The series' own columns, held here so a read reaches them in one step.
    private let timestamps: [Timestamp]
    private let values: [Double]
    /// The corrections of the resets at or before each sample, from the series' start; nil
    /// when the counter never resets (every correction 0).
    private let corrections: [Double]?

    /// The index of `series`; nil where reads through it could differ from `SlidingWindow`'s.
    public init?(_ series: Series) {
        let values = series.values
        var corrections: [Double]?
        var running = 0.0
        for index in values.indices {
            let value = values[index]
            if StaleMarker.isStale(value) { return nil }
            if index > 0, value < values[index - 1] {
                let correction = values[index - 1]
                guard correction == correction.rounded(), correction >= 0 else { return nil }
                running += correction
                guard running < 9_007_199_254_740_992 else { return nil }
                if corrections == nil { corrections = [Double](repeating: 0, count: index) }
            }
            corrections?.append(running)
        }
        self.series = series
        timestamps = series.timestamps
        self.values = values
        self.corrections = corrections
    }

    /// Where a reader's window stood at its last read: `[low, high)` as sample indices.
    public struct Cursor: Sendable {
        var low = 0
        var high = 0
        var time = Timestamp.min

        public init() {}
    }

    /// `increase` at each of `times` (not decreasing) through one cursor: a replay reading a
    /// block of ticks, with the per-read work in one loop here.
    public func increases(width: Milliseconds, at times: [Timestamp], _ cursor: inout Cursor) -> [Double?] {
        var position = cursor
        defer { cursor = position }
        return times.withUnsafeBufferPointer { times in
            [Double?](unsafeUninitializedCapacity: times.count) { out, count in
                for index in times.indices { (out.baseAddress! + index).initialize(to: read(width, at: times[index], &position)) }
                count = times.count
            }
        }
    }

    /// `increase` over `[time − width, time]`, as `SlidingWindow(.increase, width:)` gives it.
    public func increase(width: Milliseconds, at time: Timestamp, _ cursor: inout Cursor) -> Double? {
        read(width, at: time, &cursor)
    }

    @inline(__always) private func read(_ width: Milliseconds, at time: Timestamp, _ cursor: inout Cursor) -> Double? {
        let times = timestamps
        let start = time - width
        if time < cursor.time || cursor.time == .min {
            // The first read, or time went back: find the window's start afresh.
            cursor.low = series.firstIndex(atOrAfter: start)
            cursor.high = cursor.low
        }
        cursor.time = time
        var high = cursor.high, low = cursor.low
        while high < times.count && times[high] <= time { high += 1 }
        while low < high && times[low] < start { low += 1 }
        cursor.high = high
        cursor.low = low
        guard high - low >= 2 else { return nil }
        let first = low, last = high - 1
        let firstValue = values[first]
        let correction = corrections.map { $0[last] - $0[first] } ?? 0
        return CounterMath.extrapolate(
            difference: values[last] - firstValue + correction, firstValue: firstValue,
            firstTime: times[first], lastTime: times[last], count: high - low,
            windowStart: start, windowEnd: time, isCounter: true, isRate: false)
    }
}
