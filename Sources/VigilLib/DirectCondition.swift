import VigilCheck
import VigilRules
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
/// hands each rule's `job` (the kernel's `spec`, its series and windows) to a core, and makes
/// the `comparisons` where a rule changed state from the values the job found.
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
    /// The kernel without the session, for a replay's jobs.
    let spec: KernelSpec
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
        spec = KernelSpec(function: function, width: width, op: request.op, threshold: bound,
                          thresholdOnLeft: request.thresholdOnLeft)
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


    /// Rule `rule`'s replay job over the selection and windows of `prepare`: the windows of
    /// the selection's series are taken out of the call site (and put back by `restore`),
    /// so the job owns them while it runs.
    func job(rule: Int, _ series: [Series], _ windows: SiteStates<SlidingWindow>,
             schedule: (start: Timestamp, every: Milliseconds, end: Timestamp),
             machine: RuleStateMachine, reported: [(labels: Labels, state: RuleState)]) -> RuleReplayJob {
        var taken: [SlidingWindow] = [], labels: [Labels] = []
        taken.reserveCapacity(series.count)
        labels.reserveCapacity(series.count)
        for (position, one) in series.enumerated() {
            let fresh = SlidingWindow(function, width: width)
            taken.append(windows.withState(of: one, position: position, make: { fresh }) { window in
                let current = window.function == function && window.width == width ? window : fresh
                window = fresh
                return current
            })
            labels.append(windows.vectorLabels(at: position))
        }
        return RuleReplayJob(rule: rule, kernel: spec, series: series, vectorLabels: labels, schedule: schedule,
                             windows: taken, machine: machine, reported: reported)
    }

    /// Puts a job's windows back into the call site it took them from, as they stand after
    /// the job, so later evaluations go on from there.
    func restore(_ job: RuleReplayJob, of series: [Series], into windows: SiteStates<SlidingWindow>) {
        for (position, one) in series.enumerated() {
            let window = job.windows[position]
            windows.withState(of: one, position: position, make: { window }) { $0 = window }
        }
    }

    /// The comparison a job found at `values` (the function's value per label set), as a
    /// recorded evaluation of the ordinary code records it: the function's vector (or no
    /// data) against the threshold, compared by the interpreter.
    func comparisons(of values: [(labels: Labels, value: Double)]) throws -> [ObservedComparison] {
        let vector = VectorValue.make(strippedAndSorted: values.map { VectorValue.Entry($0.labels, .number($0.value, unit)) })
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
    private func holds(_ value: Double) -> Bool { spec.holds(value) }
}
