import VigilRuntime
import VigilSeries

/// Per-call-site state for range functions. A rule or a replay evaluates the same call at
/// increasing times; keeping each call's windows between evaluations makes a replay cost
/// O(samples) instead of O(samples × window). The state is keyed by where the call stands
/// in the source, the series and the narrowing (a canary's candidate and stable versions
/// keep separate windows). Time going backwards or a changed window starts that state over,
/// which gives exactly the direct functions' answer.
final class SeriesCallSites {
    struct Key: Hashable {
        let path: String
        let offset: Int
        /// The function and its role at the call (`ratio` reads two selections).
        let function: String
        let labels: Labels
        let narrowing: String
    }

    /// Boxes so a state is mutated in place, never copied out of the dictionary and back.
    private final class Box<State> {
        var state: State
        init(_ state: State) { self.state = state }
    }

    private var windows: [Key: Box<SlidingWindow>] = [:]
    private var ewmas: [Key: Box<RunningEWMA>] = [:]
    private var holts: [Key: Box<RunningHolt>] = [:]

    static func key(_ call: BuiltinCall, _ function: String, _ series: Series, _ context: EvaluationContext) -> Key {
        Key(path: call.file.path, offset: call.range.start, function: function, labels: series.labels,
            narrowing: context.narrowingKey)
    }

    func window(_ function: WindowFunction, width: Milliseconds, of series: Series, at time: Timestamp, key: Key) -> Double? {
        if let box = windows[key], box.state.function == function, box.state.width == width {
            return box.state.value(of: series, at: time)
        }
        let box = Box(SlidingWindow(function, width: width))
        windows[key] = box
        return box.state.value(of: series, at: time)
    }

    func ewma(alpha: Double, of series: Series, at time: Timestamp, key: Key) -> Double? {
        if let box = ewmas[key], box.state.alpha == alpha { return box.state.value(of: series, at: time) }
        let box = Box(RunningEWMA(alpha: alpha))
        ewmas[key] = box
        return box.state.value(of: series, at: time)
    }

    func holt(of series: Series, at time: Timestamp, key: Key) -> HoltForecast? {
        if let box = holts[key] { return box.state.model(of: series, at: time) }
        let box = Box(RunningHolt())
        holts[key] = box
        return box.state.model(of: series, at: time)
    }
}
