import VigilCheck
import VigilRuntime
import VigilSeries
import VigilSyntax

/// A rule condition of the commonest alerting shape — one range function over one
/// selection, compared with a constant: `rate(series("http_requests_total", code: ~"5.."),
/// 5m) > 40` — evaluated straight from the series windows, without building values,
/// vectors or frames.
///
/// It reads and advances the very per-call-site windows the interpreted condition uses (the
/// same `SeriesCallSites` key), so the two give the same answer and may take turns at one
/// time: a replay tick by tick evaluates the interpreted form again at the few ticks whose
/// observed values it reports, and a replay rule by rule has `comparisons(at:)` build the
/// same comparison. Any other condition — or this shape when the program shadows one of
/// the names, when units do not compare, or when the selection cannot be read — is left to
/// the interpreter, which also reports the errors.
final class DirectCondition {
    private let function: WindowFunction
    private let width: Milliseconds
    private let op: BinaryOp
    private let threshold: Double
    private let thresholdOnLeft: Bool
    private let matchers: [LabelMatcher]
    private let siteKey: SeriesCallSites.Key
    private let file: SourceFile
    /// The source text of the call and of the threshold, as the interpreter shows them.
    private let callText: String
    private let thresholdText: String
    private let thresholdValue: Value
    private let unit: VigilRuntime.Unit
    private unowned let session: VigilSession
    private var selection: SeriesSelection?
    private var windows: SiteStates<SlidingWindow>?

    private init(function: WindowFunction, width: Milliseconds, op: BinaryOp, threshold: Double, thresholdOnLeft: Bool,
                 matchers: [LabelMatcher], siteKey: SeriesCallSites.Key, file: SourceFile, callText: String,
                 thresholdText: String, thresholdValue: Value, unit: VigilRuntime.Unit, session: VigilSession) {
        self.function = function
        self.width = width
        self.op = op
        self.threshold = threshold
        self.thresholdOnLeft = thresholdOnLeft
        self.matchers = matchers
        self.siteKey = siteKey
        self.file = file
        self.callText = callText
        self.thresholdText = thresholdText
        self.thresholdValue = thresholdValue
        self.unit = unit
        self.session = session
    }

    /// The range functions a direct condition evaluates, by name.
    private static let functions = Dictionary(uniqueKeysWithValues: SeriesRangeBuiltins.windowed.map {
        ($0.name, ($0.function, $0.kind))
    })

    /// The direct form of `expr`, or nil when it is not of the shape or a name in it is not
    /// the builtin.
    static func plan(_ expr: Expr, in file: SourceFile, environment: CompileEnvironment,
                     session: VigilSession) -> DirectCondition? {
        guard case .binary(let op, let l, let r) = expr.kind, [.lt, .le, .gt, .ge].contains(op) else { return nil }
        let (callExpr, literalExpr, literal, thresholdOnLeft): (Expr, Expr, Quantity, Bool)
        if case .quantity(let q) = r.kind { (callExpr, literalExpr, literal, thresholdOnLeft) = (l, r, q, false) }
        else if case .quantity(let q) = l.kind { (callExpr, literalExpr, literal, thresholdOnLeft) = (r, l, q, true) }
        else { return nil }
        let interpreter = session.interpreter
        guard case .call(let callee, let args) = callExpr.kind, case .name(let name) = callee.kind,
              let (function, kind) = functions[name], interpreter.namesBuiltin(name, in: environment),
              args.count == 2, args.allSatisfy({ $0.label == nil }),
              case .quantity(let window) = args[1].value.kind, window.dimension == .duration, window.value > 0,
              let (metric, matchers) = selector(args[0].value, interpreter, environment) else { return nil }
        let unit = MetricUnits.unit(of: metric, function: kind), threshold = Value(literal)
        guard case .number(let bound, let boundUnit) = threshold,
              UnitAlgebra.result(op, unit.dimension, boundUnit.dimension) != nil else { return nil }
        let key = SeriesCallSites.Key(position: CallPosition(file, callExpr.range.start), function: name,
                                      narrowing: session.context.narrowingKey)
        return DirectCondition(function: function, width: Milliseconds((window.value * 1000).rounded()), op: op,
                               threshold: bound, thresholdOnLeft: thresholdOnLeft,
                               matchers: matchers + session.context.narrowing, siteKey: key, file: file,
                               callText: file.slice(callExpr.range), thresholdText: file.slice(literalExpr.range),
                               thresholdValue: threshold, unit: unit, session: session)
    }

    /// `series("metric", label: "value", other: ~"regex")` with literal arguments only.
    private static func selector(_ e: Expr, _ interpreter: Interpreter, _ environment: CompileEnvironment)
        -> (String, [LabelMatcher])? {
        guard case .call(let callee, let args) = e.kind, case .name("series") = callee.kind,
              interpreter.namesBuiltin("series", in: environment),
              let first = args.first, first.label == nil, case .string(let segments) = first.value.kind,
              segments.count == 1, case .text(let metric) = segments[0] else { return nil }
        var matchers = [LabelMatcher.metricName(metric)], seen: Set<String> = []
        for argument in args.dropFirst() {
            guard let label = argument.label, seen.insert(label).inserted else { return nil }
            guard let value = Interpreter.literalValues([argument.value])?.first,
                  let matcher = try? SeriesBuiltins.labelMatcher(label, value) else { return nil }
            matchers.append(matcher)
        }
        return (metric, matchers)
    }

    /// The condition per label set at `time`, as `RuleRunner.conditions` reads the
    /// interpreted value; nil when the selection cannot be read here (the interpreter then
    /// evaluates it and reports why).
    func conditions(at time: Timestamp) -> [(labels: Labels, condition: Bool?)]? {
        guard let (selection, windows) = prepared() else { return nil }
        let (store, positions) = selection.resolved()
        return conditions(at: time, windows, count: positions.count) { store.series(at: positions[$0]) }
    }

    /// The same over the selection's series taken once (`selectedSeries`), for a replay
    /// of a store that does not change while it runs: no reading of the store per tick,
    /// whose shared storage threads would otherwise contend for.
    func conditions(at time: Timestamp, of series: [Series]) -> [(labels: Labels, condition: Bool?)]? {
        guard let (_, windows) = prepared() else { return nil }
        return conditions(at: time, windows, count: series.count) { series[$0] }
    }

    /// The selection's series now, in selection order; nil when it cannot be read.
    func selectedSeries() -> [Series]? { prepared()?.0.series }

    private func conditions(at time: Timestamp, _ windows: SiteStates<SlidingWindow>, count: Int,
                            _ series: (Int) -> Series) -> [(labels: Labels, condition: Bool?)] {
        var out: [(labels: Labels, condition: Bool?)] = []
        out.reserveCapacity(count)
        for position in 0..<count {
            guard let value = windows.value(function, width: width, of: series(position), position: position,
                                            at: time) else { continue }
            let holds = thresholdOnLeft ? compare(threshold, value) : compare(value, threshold)
            out.append((windows.vectorLabels(at: position), holds))
        }
        // No series with a value is nodata for the rule as a whole, as an empty vector is.
        return out.isEmpty ? [(Labels(), nil)] : out
    }

    /// The comparison at `time` as the interpreted condition records it, for the observed
    /// values of a transition: the function's vector (or no data) against the threshold.
    /// Reads the windows at a time they have already reached, which moves nothing.
    func comparisons(at time: Timestamp) -> [ObservedComparison]? {
        guard let (selection, windows) = prepared() else { return nil }
        let (store, positions) = selection.resolved()
        var values: [VectorValue.Entry] = [], outcomes: [VectorValue.Entry] = []
        for (position, stored) in positions.enumerated() {
            guard let value = windows.value(function, width: width, of: store.series(at: stored), position: position,
                                            at: time) else { continue }
            let labels = windows.vectorLabels(at: position)
            values.append(VectorValue.Entry(labels, .number(value, unit)))
            outcomes.append(VectorValue.Entry(labels, .bool(thresholdOnLeft ? compare(threshold, value) : compare(value, threshold))))
        }
        let vector = ObservedComparison.Operand(text: callText, value: VectorValue.make(strippedAndSorted: values), isLiteral: false)
        let bound = ObservedComparison.Operand(text: thresholdText, value: thresholdValue, isLiteral: true)
        return [ObservedComparison(op: op, left: thresholdOnLeft ? bound : vector, right: thresholdOnLeft ? vector : bound,
                                   result: VectorValue.make(strippedAndSorted: outcomes))]
    }

    /// The selection and the window states, made on first use; nil when a live source
    /// cannot load the selection. After this, evaluating touches only state of this
    /// condition's own, so conditions of different rules may run on different threads.
    @discardableResult
    func prepared() -> (SeriesSelection, SiteStates<SlidingWindow>)? {
        if let selection, let windows { return (selection, windows) }
        let context = session.context
        // A live source loads a selection's series when the selection is first made.
        if let load = context.seriesLoader {
            do { try load(matchers) } catch { return nil }
        }
        let made = SeriesSelection(matchers: matchers, context: context)
        let states = session.seriesCallSites.windows(SeriesCallSites.Site(key: siteKey, file: file))
        selection = made
        windows = states
        _ = made.resolved()
        return (made, states)
    }

    /// The comparison as the interpreter makes it between two numbers of comparable units.
    private func compare(_ a: Double, _ b: Double) -> Bool {
        switch op {
        case .lt: a < b
        case .le: a <= b
        case .gt: a > b
        default: a >= b
        }
    }
}
