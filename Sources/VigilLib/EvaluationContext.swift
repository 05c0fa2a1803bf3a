import VigilRuntime
import VigilSeries

/// What every binding evaluates against: the series store, the evaluation time (the
/// interpreter's `now`) and the label narrowing a canary applies to its signals.
public final class EvaluationContext {
    public var store: SeriesStore
    public unowned let interpreter: Interpreter
    /// Matchers added to every `series(…)` selected while set: inside a canary, the
    /// candidate's (or the stable) version.
    public private(set) var narrowing: [LabelMatcher] = [] {
        didSet { narrowingKey = narrowing.map(\.description).joined(separator: ",") }
    }
    /// A key for caches that must not mix narrowings (candidate vs stable); kept up to date
    /// here because every range function call reads it.
    private(set) var narrowingKey = ""
    /// Called with the matchers of each new `series(…)` selection before it reads the store,
    /// so a live source can load the matching series first (`--source prometheus=URL`).
    /// Its error becomes a located runtime error at the call: data that cannot be read must
    /// stop the run, never look like an empty selection.
    public var seriesLoader: (([LabelMatcher]) throws -> Void)?

    public init(interpreter: Interpreter, store: SeriesStore) {
        self.interpreter = interpreter
        self.store = store
    }

    /// The evaluation time in milliseconds, as the series layer counts time.
    public var nowMs: Timestamp { Timestamp((interpreter.now * 1000).rounded()) }

    /// Runs `body` with exactly `matchers` as the narrowing, whatever was set before: the
    /// stable version's `baseline` inside a canary evaluation narrowed to the candidate.
    public func withOnlyNarrowing<T>(_ matchers: [LabelMatcher], _ body: () throws -> T) rethrows -> T {
        let saved = narrowing
        narrowing = matchers
        defer { narrowing = saved }
        return try body()
    }

    /// Runs `body` as if at `time` (seconds since the epoch), then restores the clock.
    public func at<T>(_ time: Double, _ body: () throws -> T) rethrows -> T {
        let saved = interpreter.now
        interpreter.now = time
        defer { interpreter.now = saved }
        return try body()
    }
}
