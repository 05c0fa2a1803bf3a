import VigilRuntime
import VigilSeries
import VigilSyntax

/// Per-call-site state for range functions. A rule or a replay evaluates the same call at
/// increasing times; keeping each call's windows between evaluations makes a replay cost
/// O(samples) instead of O(samples × window). The state is kept per call site — where the
/// call stands in the source, the function and its role, and the narrowing (a canary's
/// candidate and stable versions keep separate windows) — and within a site per series.
/// Time going backwards or a changed window starts that state over, which gives exactly the
/// direct functions' answer.
final class SeriesCallSites {
    struct Key: Hashable {
        let position: CallPosition
        /// The function and its role at the call (`ratio` reads two selections).
        let function: String
        let narrowing: String

        func hash(into hasher: inout Hasher) { hasher.combine(position) }
    }

    private var windows: [Key: SiteStates<SlidingWindow>] = [:]
    private var ewmas: [Key: SiteStates<RunningEWMA>] = [:]
    private var holts: [Key: SiteStates<RunningHolt>] = [:]

    /// The site of `call` (a builtin's call) for `function`, with the narrowing in force.
    struct Site {
        let key: Key
        let file: SourceFile
    }

    static func key(_ call: BuiltinCall, _ function: String, _ context: EvaluationContext) -> Site {
        Site(key: Key(position: CallPosition(call.file, call.range.start), function: function,
                      narrowing: context.narrowingKey), file: call.file)
    }

    /// The windows of one call site.
    func windows(_ site: Site) -> SiteStates<SlidingWindow> { states(site, &windows) }

    /// The running EWMAs of one call site.
    func ewmas(_ site: Site) -> SiteStates<RunningEWMA> { states(site, &ewmas) }

    /// The running Holt models of one call site.
    func holts(_ site: Site) -> SiteStates<RunningHolt> { states(site, &holts) }

    private func states<State>(_ site: Site, _ table: inout [Key: SiteStates<State>]) -> SiteStates<State> {
        if let states = table[site.key] { return states }
        let states = SiteStates<State>(file: site.file)
        table[site.key] = states
        return states
    }
}

/// One call site's state per series. A site usually sees the same series in the same order
/// at every evaluation, so the slot used at each position last time is tried first: the
/// label sets then compare by identity of their storage, without hashing. A selection that
/// changed (a new series, a function called with other arguments) falls back to a lookup
/// by label set, so each series keeps its own state either way.
final class SiteStates<State> {
    /// The file the call site is in, kept alive while its state is (see `SeriesCallSites.Key`).
    let file: SourceFile
    private var labels: [Labels] = []
    /// Each slot's label set without the metric name, made once: a vector's label sets are
    /// then the same storage at every evaluation, which later comparisons notice cheaply.
    private var vectorLabels: [Labels] = []
    private var states: [State] = []
    private var slotByLabels: [Labels: Int] = [:]
    /// The slot used at each position of the selection, as last seen.
    private var recent: [Int] = []

    init(file: SourceFile) {
        self.file = file
    }

    /// Runs `body` on the state of `series`, the `position`-th series of this evaluation's
    /// selection; `make` creates the state the first time the series is seen.
    func withState<Result>(of series: Series, position: Int, make: () -> State,
                           _ body: (inout State) -> Result) -> Result {
        let slot = self.slot(of: series.labels, position: position, make: make)
        return body(&states[slot])
    }

    /// The label set, without its metric name, of the series last seen at `position`.
    func vectorLabels(at position: Int) -> Labels { vectorLabels[recent[position]] }

    private func slot(of seriesLabels: Labels, position: Int, make: () -> State) -> Int {
        if position < recent.count, labels[recent[position]] == seriesLabels { return recent[position] }
        let slot: Int
        if let known = slotByLabels[seriesLabels] {
            slot = known
        } else {
            slot = states.count
            labels.append(seriesLabels)
            vectorLabels.append(seriesLabels.withoutMetricName)
            states.append(make())
            slotByLabels[seriesLabels] = slot
        }
        if position < recent.count {
            recent[position] = slot
        } else {
            recent.append(contentsOf: repeatElement(slot, count: position - recent.count + 1))
        }
        return slot
    }
}

extension SiteStates<SlidingWindow> {
    /// The window function's value for `series` at `time`, through its incremental state.
    func value(_ function: WindowFunction, width: Milliseconds, of series: Series, position: Int, at time: Timestamp) -> Double? {
        withState(of: series, position: position, make: { SlidingWindow(function, width: width) }) { window in
            if window.function != function || window.width != width { window = SlidingWindow(function, width: width) }
            return window.value(of: series, at: time)
        }
    }
}

extension SiteStates<RunningEWMA> {
    /// The EWMA of `series` up to `time`, through its running state.
    func value(alpha: Double, of series: Series, position: Int, at time: Timestamp) -> Double? {
        withState(of: series, position: position, make: { RunningEWMA(alpha: alpha) }) { ewma in
            if ewma.alpha != alpha { ewma = RunningEWMA(alpha: alpha) }
            return ewma.value(of: series, at: time)
        }
    }
}

extension SiteStates<RunningHolt> {
    /// The Holt model of `series` up to `time`, through its running state.
    func model(of series: Series, position: Int, at time: Timestamp) -> HoltForecast? {
        withState(of: series, position: position, make: { RunningHolt() }) { holt in holt.model(of: series, at: time) }
    }
}
