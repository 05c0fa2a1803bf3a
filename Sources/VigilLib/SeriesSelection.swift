import VigilCheck
import VigilRuntime
import VigilSyntax
import VigilSeries

/// The value of `series("http_requests_total", code: ~"5..")`: label matchers, resolved
/// against the store when a range function reads it. Used bare in arithmetic it is the
/// instant vector of each series' newest sample (5m lookback), as in PromQL.
public final class SeriesSelection: RuntimeObject {
    public let matchers: [LabelMatcher]
    unowned let context: EvaluationContext

    /// The metric name the selection asks for, if it names one exactly.
    public let metricName: String?

    init(matchers: [LabelMatcher], context: EvaluationContext) {
        self.matchers = matchers
        self.context = context
        metricName = matchers.first { $0.name == Labels.metricNameLabel && $0.kind == .equal }?.value
    }

    /// Where the matching series sit in the store, for the store layout they were found in.
    private var resolution: (layout: SeriesStore.Layout, positions: [Int])?

    /// The matching series in the store now. A selection reused across evaluations (see
    /// `SelectionSites`) matches once per store layout; samples appended since are read.
    public var series: [Series] {
        let (store, positions) = resolved()
        return positions.map { store.series(at: $0) }
    }

    /// The store and where the matching series sit in it, for callers that visit them one
    /// at a time instead of building the `series` array at every evaluation.
    func resolved() -> (store: SeriesStore, positions: [Int]) {
        // One read of the store, not one per series: each read through the unowned context
        // costs a strong retain and an exclusivity check.
        let store = context.store, layout = store.layout
        if let resolution, resolution.layout == layout { return (store, resolution.positions) }
        let positions = store.positions(matching: matchers)
        resolution = (layout, positions)
        return (store, positions)
    }

    /// The unit a function of `kind` gives this selection's values, worked out from the
    /// metric name once: a rule asks again at every evaluation.
    func unit(_ kind: MetricUnits.Kind) -> Unit {
        if let lastUnit, lastUnit.kind == kind { return lastUnit.unit }
        let unit = MetricUnits.unit(of: metricName, function: kind)
        lastUnit = (kind, unit)
        return unit
    }

    private var lastUnit: (kind: MetricUnits.Kind, unit: Unit)?

    override public var typeName: String { "series" }
    override public var argumentType: StaticType { .series }

    override public var display: String {
        let name = metricName.map { "\"\($0)\"" } ?? ""
        let rest = matchers.filter { !($0.name == Labels.metricNameLabel && $0.kind == .equal) }.map { m -> String in
            let op = m.kind == .equal ? ": " : m.kind == .notEqual ? ": != " : m.kind == .regex ? ": ~" : ": !~"
            return m.name + op + "\"" + m.value + "\""
        }
        return "series(" + ([name].filter { !$0.isEmpty } + rest).joined(separator: ", ") + ")"
    }

    /// The newest sample of each series at the evaluation time, as a vector.
    public func instant() -> Value {
        let now = context.nowMs
        let unit = MetricUnits.unit(of: metricName, function: .gauge)
        return VectorValue.make(series.compactMap { s in s.last(at: now).map { (s.labels, Value.number($0, unit)) } })
    }

    override public func binary(_ op: BinaryOp, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        let v = instant()
        return selfOnLeft ? try v.applying(op, other) : try other.applying(op, v)
    }

    override public func truth() throws -> ObjectTruth { try instant().objectTruth() }

    /// `and`/`or` on a bare selection: its newest samples, per label set as a vector's.
    override public func logical(_ op: BinaryOp, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        guard case .object(let vector as VectorValue) = instant() else { return nil }
        return try vector.logical(op, other, selfOnLeft: selfOnLeft)
    }

    /// Compared bare, a selection shows its newest samples as a vector does.
    override public func observation(_ op: BinaryOp, _ other: Value, result: Value, selfOnLeft: Bool) -> String? {
        guard case .object(let vector as VectorValue) = instant() else { return nil }
        return vector.observation(op, other, result: result, selfOnLeft: selfOnLeft)
    }
}

extension Value {
    /// The truth of a value the way an object reports it.
    func objectTruth() throws -> ObjectTruth {
        switch try truthValue() {
        case .some(let b): return .known(b)
        case .none: return .unknown
        }
    }
}
