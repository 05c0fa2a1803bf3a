import VigilCheck
import VigilRuntime
import VigilSeries
import VigilSyntax

/// The kernel of a range function compared with a literal (`KernelRequest`): `rate(series(
/// "http_requests_total", code: ~"5.."), 5m) > 40` evaluated straight from the series
/// windows, without building the call's vector.
///
/// It reads and advances the very per-call-site windows the function's own call uses (the
/// same `SeriesCallSites` key), so the kernel and the ordinary code give the same answer and
/// may take turns at one time: a recorded evaluation (observed values) runs the ordinary
/// code at the time the kernel just evaluated, which moves nothing. A replay rule by rule
/// runs the kernel's `conditions` on every core and `comparisons` where a rule changes state.
final class DirectCondition: ComparisonKernel {
    private let function: WindowFunction
    private let width: Milliseconds
    private let windowText: String
    private let request: KernelRequest
    private let op: BinaryOp
    private let threshold: Double
    private let thresholdOnLeft: Bool
    private let matchers: [LabelMatcher]
    private let name: String
    private let position: CallPosition
    private let file: SourceFile
    private let thresholdValue: Value
    private let unit: VigilRuntime.Unit
    private unowned let session: VigilSession
    /// The selection and its windows under each narrowing met (a canary's candidate and
    /// stable), made on first use.
    private var prepared: [String: (SeriesSelection, SiteStates<SlidingWindow>)] = [:]
    private var last: (narrowing: String, made: (SeriesSelection, SiteStates<SlidingWindow>))?

    /// The kernel of `request`, or nil when the request is not one this layer evaluates the
    /// same way as the ordinary code: units that do not compare, matchers it cannot make.
    init?(_ request: KernelRequest, session: VigilSession) {
        guard let (function, kind) = SeriesRangeBuiltins.kernels[request.function],
              case .number(let seconds, _) = request.window,
              case .number(let bound, let boundUnit) = request.threshold else { return nil }
        var matchers = [LabelMatcher.metricName(request.metric)]
        for (label, value) in request.labels {
            guard let matcher = try? SeriesBuiltins.labelMatcher(label, value) else { return nil }
            matchers.append(matcher)
        }
        let unit = MetricUnits.unit(of: request.metric, function: kind)
        guard UnitAlgebra.result(request.op, unit.dimension, boundUnit.dimension) != nil else { return nil }
        self.request = request
        self.function = function
        guard let width = TimeSpan.milliseconds(seconds) else { return nil }
        self.width = width
        windowText = request.window.literal
        op = request.op
        threshold = bound
        thresholdOnLeft = request.thresholdOnLeft
        self.matchers = matchers
        name = request.function
        position = CallPosition(request.file, request.callRange.start)
        file = request.file
        thresholdValue = request.threshold
        self.unit = unit
        self.session = session
    }

    /// The comparison at the call's time, as the ordinary code computes it: the vector of
    /// its outcomes, or nodata (with the reason noted) when no series has a value.
    func compare(_ call: BuiltinCall) -> Value? {
        guard let (selection, windows) = prepare() else { return nil }
        let (store, positions) = selection.resolved(), time = session.context.nowMs
        var outcomes: [VectorValue.Entry] = []
        outcomes.reserveCapacity(positions.count)
        for (position, stored) in positions.enumerated() {
            guard let value = windows.value(function, width: width, of: store.series(at: stored), position: position,
                                            at: time) else { continue }
            outcomes.append(VectorValue.Entry(windows.vectorLabels(at: position), .bool(holds(value))))
        }
        let result = VectorValue.make(strippedAndSorted: outcomes)
        if case .nodata = result {
            SeriesRangeBuiltins.noteEmpty(selection, windowText, call, needsTwo: [.rate, .increase, .delta].contains(function))
        }
        return result
    }

    /// The condition per label set at `time` over the selection's series and windows taken
    /// once (`prepare`), for a replay of a store that does not change while it runs, as
    /// `RuleRunner.conditions` reads the compared vector.
    func conditions(at time: Timestamp, of series: [Series],
                    _ windows: SiteStates<SlidingWindow>) -> [(labels: Labels, condition: Bool?)] {
        var out: [(labels: Labels, condition: Bool?)] = []
        out.reserveCapacity(series.count)
        for position in series.indices {
            guard let value = windows.value(function, width: width, of: series[position], position: position,
                                            at: time) else { continue }
            out.append((windows.vectorLabels(at: position), holds(value)))
        }
        // No series with a value is nodata for the rule as a whole, as an empty vector is.
        return out.isEmpty ? [(Labels(), nil)] : out
    }

    /// The comparison at `time` over what `conditions` read, as a recorded evaluation of the
    /// ordinary code records it: the function's vector (or no data) against the threshold,
    /// compared by the interpreter. Reads the windows at a time they have already reached,
    /// which moves nothing.
    func comparisons(at time: Timestamp, of series: [Series], _ windows: SiteStates<SlidingWindow>) throws
        -> [ObservedComparison] {
        var values: [VectorValue.Entry] = []
        for position in series.indices {
            guard let value = windows.value(function, width: width, of: series[position], position: position,
                                            at: time) else { continue }
            values.append(VectorValue.Entry(windows.vectorLabels(at: position), .number(value, unit)))
        }
        let vector = VectorValue.make(strippedAndSorted: values)
        let (left, right) = thresholdOnLeft ? (thresholdValue, vector) : (vector, thresholdValue)
        let result = try request.compare(left, right)
        let call = ObservedComparison.Operand(text: request.callText, value: vector, isLiteral: false)
        let bound = ObservedComparison.Operand(text: request.thresholdText, value: thresholdValue, isLiteral: true)
        return [ObservedComparison(op: op, left: thresholdOnLeft ? bound : call, right: thresholdOnLeft ? call : bound,
                                   result: result)]
    }

    /// The selection and the window states under the current narrowing, made on first use;
    /// nil when a live source cannot load the selection. After this, evaluating touches only
    /// state of this kernel's own, so kernels of different rules may run on different threads.
    @discardableResult
    func prepare() -> (SeriesSelection, SiteStates<SlidingWindow>)? {
        let context = session.context
        // Almost always the narrowing of the last evaluation: no hashing then.
        if let last, last.narrowing == context.narrowingKey { return last.made }
        if let made = prepared[context.narrowingKey] {
            last = (context.narrowingKey, made)
            return made
        }
        let matchers = matchers + context.narrowing
        // A live source loads a selection's series when the selection is first made.
        if let load = context.seriesLoader {
            do { try load(matchers) } catch { return nil }
        }
        let selection = SeriesSelection(matchers: matchers, context: context)
        let key = SeriesCallSites.Key(position: position, function: name, narrowing: context.narrowingKey)
        let windows = session.seriesCallSites.windows(SeriesCallSites.Site(key: key, file: file))
        _ = selection.resolved()
        prepared[context.narrowingKey] = (selection, windows)
        last = (context.narrowingKey, (selection, windows))
        return (selection, windows)
    }

    /// The interpreter's comparison of two numbers of comparable units.
    private func holds(_ value: Double) -> Bool {
        thresholdOnLeft ? op.holds(threshold, value) : op.holds(value, threshold)
    }
}
