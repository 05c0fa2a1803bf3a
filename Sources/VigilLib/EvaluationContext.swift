import VigilRuntime
import VigilSeries

/// What every binding evaluates against: the series store, and the running evaluation's
/// time and narrowing, read from the interpreter (`Interpreter.evaluation`), which the
/// caller of each evaluation passes in.
public final class EvaluationContext {
    public var store: SeriesStore
    public unowned let interpreter: Interpreter
    /// Matchers added to every `series(…)` selected in the running evaluation: inside a
    /// canary, the candidate's (or the stable) version (`Evaluation.narrowing`).
    public var narrowing: [LabelMatcher] { interpreter.evaluation.narrowing.map { .equal($0.name, $0.value) } }
    /// A key for caches that must not mix narrowings (candidate vs stable).
    var narrowingKey: String { interpreter.evaluation.narrowingKey }
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
}
