import VigilEngines
import VigilRuntime
import VigilSeries
import VigilSyntax

/// What an SLO counts, and the event counts over a window it yields per `by` group: a ratio
/// of counters (`good` or `bad` over `total`), or a latency threshold on a histogram (good =
/// the `le` bucket at the threshold, total = `_count`), minus the events inside maintenance
/// windows. Increases are computed as `ratio()` computes them, so the two agree.
struct SLOIndicator {
    enum Kind {
        case ratio(good: Expr?, bad: Expr?, total: Expr)
        /// The histogram's selector (its base name, as Prometheus clients export it) and the
        /// threshold in seconds.
        case latency(selector: Expr, threshold: Double, thresholdText: String)
    }

    /// The events of one group over a window: how many, and how many were good or bad.
    struct Counts {
        var part: Double?
        var total: Double?
    }

    let kind: Kind
    let by: String?
    let maintenance: MaintenanceWindows
    let sloName: String
    let file: SourceFile
    /// Derived histogram selections, made once per selector (they keep their store positions).
    private let histogram = HistogramSelections()

    init(kind: Kind, by: String?, maintenance: MaintenanceWindows, sloName: String, file: SourceFile) {
        self.kind = kind
        self.by = by
        self.maintenance = maintenance
        self.sloName = sloName
        self.file = file
    }

    /// Whether the bad events are counted directly (else they are total − good).
    var countsBad: Bool { if case .ratio(_, let bad, _) = kind { return bad != nil }; return false }
    var partName: String { countsBad ? "bad" : "good" }

    /// Per group, the events of the last `seconds` outside maintenance windows; nil when
    /// there is no `total` selection at all, with why noted on `call`.
    func counts(over seconds: Double, _ call: BuiltinCall, _ session: VigilSession) throws -> [Labels: Counts]? {
        let selections = try self.selections(call, session)
        guard let totalSelection = selections.total else { return nil }
        let width = Milliseconds((seconds * 1000).rounded())
        let totals = increases(totalSelection, "total", width, call, session)
        let parts = selections.part.map { increases($0, partName, width, call, session) } ?? [:]
        var result: [Labels: Counts] = [:]
        for (group, total) in totals { result[group, default: Counts()].total = total }
        for (group, part) in parts { result[group, default: Counts()].part = part }
        return result
    }

    /// The selections of the bad (or good) and of all events, as the SLI's expressions give
    /// them now; nil where there is none (a latency SLI without the histogram's series).
    func selections(_ call: BuiltinCall, _ session: VigilSession) throws -> (part: SeriesSelection?, total: SeriesSelection?) {
        switch kind {
        case .ratio(let good, let bad, let total):
            return (try select(bad ?? good!, call, session), try select(total, call, session))
        case .latency(let selector, let threshold, let text):
            guard let base = try select(selector, call, session) else { return (nil, nil) }
            return try histogram.selections(base, threshold: threshold, thresholdText: text, slo: sloName, call)
        }
    }

    /// The expressions the selections are made from.
    var selectors: [Expr] {
        switch kind {
        case .ratio(let good, let bad, let total): [bad ?? good!, total]
        case .latency(let selector, _, _): [selector]
        }
    }

    /// The call-site role under which `counts` keeps the windows of `role`'s series
    /// ("total", or `partName`) for a window of `width`.
    func siteRole(_ role: String, _ width: Milliseconds) -> String { "slo.\(sloName).\(role).\(width)" }

    private func select(_ e: Expr, _ call: BuiltinCall, _ session: VigilSession) throws -> SeriesSelection? {
        try SeriesBuiltins.seriesArgument(try session.interpreter.evaluate(expression: e, in: file), call)
    }

    /// The summed increase per group over the window, less what the counters grew inside
    /// maintenance windows (sample to sample, both ends inside the window).
    private func increases(_ selection: SeriesSelection, _ role: String, _ width: Milliseconds, _ call: BuiltinCall,
                           _ session: VigilSession) -> [Labels: Double] {
        var sums = SeriesRatioBuiltin.increases(selection, siteRole(role, width), width, by, call,
                                                session.context, session.seriesCallSites)
        guard !maintenance.isEmpty else { return sums }
        let now = Double(session.context.nowMs) / 1000
        let spans = maintenance.excluded(from: now - Double(width) / 1000, to: now)
        guard !spans.isEmpty else { return sums }
        for series in selection.series {
            let group = by.map { Labels([$0: series.labels[$0] ?? ""]) } ?? Labels()
            guard sums[group] != nil else { continue }
            for span in spans {
                let excluded = Self.counterIncrease(series, from: span.start, to: span.end)
                sums[group] = max(0, sums[group]! - excluded)
            }
        }
        return sums
    }

    /// How much a counter grew between its samples inside [from, to] (resets counted as
    /// Prometheus counts them: a drop starts again from zero).
    static func counterIncrease(_ series: Series, from: Double, to: Double) -> Double {
        let range = series.indices(from: Timestamp((from * 1000).rounded()), through: Timestamp((to * 1000).rounded()))
        var increase = 0.0, previous: Double?
        for index in range {
            let value = series.values[index]
            if StaleMarker.isStale(value) { continue }
            if let previous { increase += value >= previous ? value - previous : value }
            previous = value
        }
        return increase
    }
}

/// The `_bucket{le="…"}` and `_count` selections of a histogram, derived from the selector
/// the SLO names, found once and kept (a new selection would search the store again).
final class HistogramSelections {
    private var made: (base: ObjectIdentifier, bucket: SeriesSelection?, count: SeriesSelection)?

    func selections(_ base: SeriesSelection, threshold: Double, thresholdText: String, slo: String,
                    _ call: BuiltinCall) throws -> (part: SeriesSelection?, total: SeriesSelection?) {
        if let made, made.base == ObjectIdentifier(base), made.bucket != nil { return (made.bucket, made.count) }
        guard let name = base.metricName else {
            throw call.error("slo \(slo): a latency SLI needs the histogram's name, as in series(\"http_request_duration_seconds\")")
        }
        let others = base.matchers.filter { $0.name != Labels.metricNameLabel }
        let count = SeriesSelection(matchers: [try LabelMatcher(Labels.metricNameLabel, .equal, name + "_count")] + others,
                                    context: base.context)
        let buckets = SeriesSelection(matchers: [try LabelMatcher(Labels.metricNameLabel, .equal, name + "_bucket")] + others,
                                      context: base.context)
        let bounds = buckets.series.compactMap { $0.labels["le"] }
        var bucket: SeriesSelection?
        if bounds.isEmpty {
            call.noteNodata("slo \(slo): no series \(name)_bucket to read the latency from")
        } else if let le = LatencyThreshold.bucket(threshold, among: bounds) {
            bucket = SeriesSelection(matchers: buckets.matchers + [try LabelMatcher("le", .equal, le)], context: base.context)
        } else {
            throw call.error("slo \(slo): \(name)_bucket has no bucket at \(thresholdText) (le=\"\(threshold)\"); its buckets are le = \(LatencyThreshold.listed(bounds)) seconds",
                             hint: "a latency threshold must be one of the histogram's bucket bounds")
        }
        made = (ObjectIdentifier(base), bucket, count)
        return (bucket, count)
    }
}
