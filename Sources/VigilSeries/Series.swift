/// Why a sample could not be added to a series.
public struct SeriesError: Error, Equatable, CustomStringConvertible {
    /// What went wrong, naming the series and the timestamps involved.
    public let message: String

    public var description: String { message }
}

/// One time series: a label set and its samples in strictly increasing time order.
///
/// Timestamps and values live in two contiguous arrays (8 + 8 bytes a sample) so that
/// window bounds are found by binary search and scans stay cache-friendly.
public struct Series: Hashable, Sendable {
    /// The series' identity.
    public let labels: Labels
    /// Sample times in milliseconds, strictly increasing.
    public private(set) var timestamps: [Timestamp]
    /// Sample values, parallel to `timestamps`; may hold the stale marker.
    public private(set) var values: [Double]

    /// Creates an empty series.
    public init(labels: Labels) {
        self.labels = labels
        timestamps = []
        values = []
    }

    /// Creates a series from parallel arrays; throws unless lengths match and times increase.
    public init(labels: Labels, timestamps: [Timestamp], values: [Double]) throws {
        guard timestamps.count == values.count else {
            throw SeriesError(message: "series \(labels): \(timestamps.count) timestamps but \(values.count) values")
        }
        self.labels = labels
        self.timestamps = []
        self.values = []
        self.timestamps.reserveCapacity(timestamps.count)
        self.values.reserveCapacity(values.count)
        for index in timestamps.indices {
            try append(timestamps[index], values[index])
        }
    }

    /// Takes arrays the caller has already checked (equal lengths, times strictly
    /// increasing) without copying them: the fast ingest path builds them in place.
    init(labels: Labels, increasingTimestamps timestamps: [Timestamp], values: [Double]) {
        self.labels = labels
        self.timestamps = timestamps
        self.values = values
    }

    /// Creates a series from samples; throws unless times strictly increase.
    public init(labels: Labels, samples: [Sample]) throws {
        try self.init(labels: labels, timestamps: samples.map(\.timestamp), values: samples.map(\.value))
    }

    /// Number of samples, stale markers included.
    public var count: Int { timestamps.count }

    /// True when the series holds no samples.
    public var isEmpty: Bool { timestamps.isEmpty }

    /// The sample at an index.
    public subscript(index: Int) -> Sample { Sample(timestamps[index], values[index]) }

    /// All samples, in time order.
    public var samples: [Sample] { timestamps.indices.map { self[$0] } }

    /// Appends a sample; throws when `timestamp` is not after the last one.
    public mutating func append(_ timestamp: Timestamp, _ value: Double) throws {
        if let last = timestamps.last, timestamp <= last {
            let what = timestamp == last ? "duplicate" : "out-of-order"
            throw SeriesError(message: "series \(labels): \(what) sample at \(timestamp) ms (last sample is at \(last) ms)")
        }
        timestamps.append(timestamp)
        values.append(value)
    }

    /// Reserves room for `count` more samples to avoid regrowth during bulk loads.
    public mutating func reserveCapacity(additional count: Int) {
        timestamps.reserveCapacity(timestamps.count + count)
        values.reserveCapacity(values.count + count)
    }

    /// Index of the first sample with time >= `time` (count when none).
    public func firstIndex(atOrAfter time: Timestamp) -> Int {
        var low = 0
        var high = timestamps.count
        while low < high {
            let middle = (low + high) >> 1
            if timestamps[middle] < time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Index of the first sample with time > `time` (count when none).
    public func firstIndex(after time: Timestamp) -> Int {
        var low = 0
        var high = timestamps.count
        while low < high {
            let middle = (low + high) >> 1
            if timestamps[middle] <= time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Indices of samples with `start <= time <= end`; both ends inclusive as in Prometheus 2.x.
    public func indices(from start: Timestamp, through end: Timestamp) -> Range<Int> {
        let low = firstIndex(atOrAfter: start)
        let high = max(low, firstIndex(after: end))
        return low..<high
    }

    /// Bytes held by the sample arrays, counting reserved but unused capacity.
    public var allocatedBytes: Int {
        timestamps.capacity * MemoryLayout<Timestamp>.stride + values.capacity * MemoryLayout<Double>.stride
    }

    public static func == (lhs: Series, rhs: Series) -> Bool {
        lhs.labels == rhs.labels && lhs.timestamps == rhs.timestamps
            && lhs.values.elementsEqual(rhs.values) { $0.bitPattern == $1.bitPattern }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels)
        hasher.combine(timestamps)
    }
}
