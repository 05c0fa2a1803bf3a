import VigilSeries
import VigilStore

/// Reads a SQLite store into a session's series store one selection at a time, so a gate
/// over a large store reads the series its policies select and nothing else.
///
/// Each `series(…)` loads, the first time it is made, every stored series its matchers
/// select, whole (all their samples: the answer is the one an eager load would give, for
/// any window or `--at`). Selections may overlap; a label set already loaded is not read again.
/// In `vigil watch`, `refresh` reads what `vigil ingest` has stored since.
public final class StoreFeed: SampleFeed {
    private let database: VigilDatabase
    private let context: EvaluationContext
    private var loaded: Set<[LabelMatcher]> = []
    /// The end of the last refresh; nil before the first.
    private var refreshedThrough: Timestamp?
    /// Every label set the store holds, read once from its series table (no samples): what
    /// the REPL completes from before anything was selected.
    public private(set) lazy var storedLabels: [Labels] = (try? database.samples.labelSets()) ?? []

    public init(database: VigilDatabase, context: EvaluationContext) {
        self.database = database
        self.context = context
    }

    /// Loads every stored series not loaded yet: before samples from elsewhere join the
    /// session's store (`:data`), so they meet the stored ones as an eager load would.
    public func loadAll() throws {
        try load([])
    }

    /// Reads the samples stored since the last refresh (from `PrometheusFeed.refreshOverlap`
    /// before its end, for samples stored a little late) through `end`, for every selection
    /// read so far; a label set that is new to a selection joins it.
    public func refresh(through end: Timestamp) throws {
        defer { refreshedThrough = end }
        guard let previous = refreshedThrough else { return }
        for matchers in loaded {
            let read = try database.samples.load(matching: matchers, from: previous - PrometheusFeed.refreshOverlap, through: end)
            for series in read.series { try context.store.appendNewer(series) }
        }
    }

    /// Loads the stored series matching `matchers`, once per selection.
    public func load(_ matchers: [LabelMatcher]) throws {
        // `[]` matches everything: every selection after it is already loaded.
        if loaded.contains([]) { return }
        guard loaded.insert(matchers).inserted else { return }
        let read = try database.samples.load(matching: matchers)
        for series in read.series where context.store.series(series.labels) == nil {
            try context.store.add(series)
        }
    }
}
