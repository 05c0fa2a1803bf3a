/// An in-memory collection of series, looked up by label matchers.
///
/// Series are kept in insertion order with an index by label set and one by metric name,
/// because nearly every selector names its metric and that narrows the scan at once.
public struct SeriesStore: Sendable {
    private var allSeries: [Series] = []
    private var positionByLabels: [Labels: Int] = [:]
    private var positionsByName: [String: [Int]] = [:]
    /// `select`'s answers until a series is added (appended samples do not change them).
    private(set) var selections = SelectionCache()

    /// Creates an empty store.
    public init() {}

    /// Number of series.
    public var seriesCount: Int { allSeries.count }

    /// Number of samples across all series, stale markers included.
    public var sampleCount: Int { allSeries.reduce(0) { $0 + $1.count } }

    /// Every series, in the order they were first added.
    public var series: [Series] { allSeries }

    /// Bytes held by the sample arrays of every series (capacity, not just count).
    public var sampleBytes: Int { allSeries.reduce(0) { $0 + $1.allocatedBytes } }

    /// Average bytes per sample held by the sample arrays; 16 when arrays are exactly full.
    public var bytesPerSample: Double {
        let samples = sampleCount
        return samples == 0 ? 0 : Double(sampleBytes) / Double(samples)
    }

    /// The series with exactly these labels, if present.
    public func series(_ labels: Labels) -> Series? {
        positionByLabels[labels].map { allSeries[$0] }
    }

    /// The newest timestamp stored for a label set, if any.
    public func lastTimestamp(of labels: Labels) -> Timestamp? {
        positionByLabels[labels].flatMap { allSeries[$0].timestamps.last }
    }

    /// Appends one sample to the series with these labels, creating it if needed.
    public mutating func append(_ labels: Labels, _ timestamp: Timestamp, _ value: Double) throws {
        let position = self.position(creating: labels)
        try allSeries[position].append(timestamp, value)
    }

    /// Adds a whole series; when the label set exists its samples must all come after the stored ones.
    public mutating func add(_ series: Series) throws {
        if let existing = positionByLabels[series.labels], let last = allSeries[existing].timestamps.last,
           let first = series.timestamps.first, first <= last {
            throw SeriesError(message: "series \(series.labels): sample at \(first) ms is not after the stored sample at \(last) ms")
        }
        let position = self.position(creating: series.labels)
        if allSeries[position].isEmpty {
            allSeries[position] = series
            return
        }
        allSeries[position].reserveCapacity(additional: series.count)
        for index in 0..<series.count {
            try allSeries[position].append(series.timestamps[index], series.values[index])
        }
    }

    /// Every series whose labels satisfy all matchers, sorted by label set for stable output.
    public func select(_ matchers: [LabelMatcher]) -> [Series] {
        positions(matching: matchers).map { allSeries[$0] }
    }

    /// Where the series `select` returns sit in the store (see `series(at:)`), in its order.
    public func positions(matching matchers: [LabelMatcher]) -> [Int] {
        selections.positions(for: matchers) { matchingPositions(matchers) }
    }

    /// The series at a position `positions(matching:)` returned, with its current samples.
    public func series(at position: Int) -> Series { allSeries[position] }

    /// Which series the store holds and where: two equal layouts give the same answer from
    /// `positions(matching:)`, so a caller may keep positions while the layout is unchanged
    /// (samples appended since are still read through `series(at:)`).
    public var layout: Layout { Layout(selections: selections) }

    /// See `layout`. It holds the store's selection cache, replaced whenever a series is added.
    public struct Layout: Equatable, Sendable {
        fileprivate let selections: SelectionCache

        public static func == (lhs: Layout, rhs: Layout) -> Bool { lhs.selections === rhs.selections }
    }

    private func matchingPositions(_ matchers: [LabelMatcher]) -> [Int] {
        var candidates: [Int]
        if let name = matchers.first(where: { $0.name == Labels.metricNameLabel && $0.kind == .equal }) {
            candidates = positionsByName[name.value] ?? []
        } else {
            candidates = Array(allSeries.indices)
        }
        candidates.removeAll { position in
            let labels = allSeries[position].labels
            return !matchers.allSatisfy { $0.matches(labels) }
        }
        return candidates.sorted { allSeries[$0].labels < allSeries[$1].labels }
    }

    private mutating func position(creating labels: Labels) -> Int {
        if let position = positionByLabels[labels] { return position }
        let position = allSeries.count
        allSeries.append(Series(labels: labels))
        positionByLabels[labels] = position
        positionsByName[labels.metricName ?? "", default: []].append(position)
        // A new series may match any cached selector; copies of this store keep their cache.
        selections = SelectionCache()
        return position
    }
}
