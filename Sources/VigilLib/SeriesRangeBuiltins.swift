import VigilRuntime
import VigilSeries
import VigilSyntax

/// The §4 functions over time: each applies to every selected series at the evaluation
/// time and yields a vector (one value per label set), or nodata — with the reason noted
/// for gate reports — when no series has a value.
enum SeriesRangeBuiltins {
    /// The functions of a selection and a window, with how each transforms the metric's
    /// unit; their comparison kernels (`DirectCondition`) evaluate the same table.
    static let windowed: [(name: String, function: WindowFunction, kind: MetricUnits.Kind)] = [
        ("rate", .rate, .plain), ("increase", .increase, .counterDelta), ("delta", .delta, .counterDelta),
        ("p50", .quantile(0.5), .gauge), ("p90", .quantile(0.9), .gauge),
        ("p95", .quantile(0.95), .gauge), ("p99", .quantile(0.99), .gauge),
    ]

    /// The functions of `windowed` by name, for their comparison kernels (`DirectCondition`).
    static let kernels = Dictionary(uniqueKeysWithValues: windowed.map { ($0.name, ($0.function, $0.kind)) })

    static func install(in session: VigilSession, sites: SeriesCallSites) {
        let context = session.context, interpreter = session.interpreter
        for (name, function, kind) in windowed {
            var builtin = Builtin(name) { args, call in
                try overTime(function, name, args[0], args[1], call, context, sites, kind)
            }
            builtin.kernel = { [unowned session] request in DirectCondition(request, session: session) }
            interpreter.register(builtin)
        }
        interpreter.register(Builtin("quantile") { args, call in
            try overTime(.quantile(try quantileLevel(args[1], call)), "quantile", args[0], args[2], call, context, sites, .gauge)
        })
        interpreter.register(Builtin("last") { args, call in
            guard let selection = try SeriesBuiltins.seriesArgument(args[0], call) else { return .nodata }
            let value = selection.instant()
            if case .nodata = value { noteEmpty(selection, "5m", call) }
            return value
        })
        interpreter.register(Builtin("absent") { args, call in
            guard let selection = try SeriesBuiltins.seriesArgument(args[0], call) else { return .bool(true) }
            let width = try SeriesBuiltins.window(args[1], call), now = context.nowMs
            return .bool(selection.series.allSatisfy { $0.isAbsent(at: now, window: width) })
        })
    }

    /// `sum avg min max count(s, w)`: the over-time forms the aggregate names dispatch to.
    static func aggregateOverTime(_ name: String, _ s: Value, _ w: Value, _ call: BuiltinCall,
                                  _ context: EvaluationContext, _ sites: SeriesCallSites) throws -> Value {
        let function: WindowFunction
        switch name {
        case "sum": function = .sum
        case "avg": function = .avg
        case "min": function = .min
        case "max": function = .max
        default: function = .count
        }
        return try overTime(function, name, s, w, call, context, sites, name == "count" ? .plain : .gauge)
    }

    /// Applies one window function to every selected series through its call-site state.
    static func overTime(_ function: WindowFunction, _ name: String, _ s: Value, _ w: Value, _ call: BuiltinCall,
                         _ context: EvaluationContext, _ sites: SeriesCallSites, _ kind: MetricUnits.Kind) throws -> Value {
        guard let selection = try SeriesBuiltins.seriesArgument(s, call) else { return .nodata }
        let width = try SeriesBuiltins.window(w, call), now = context.nowMs
        let unit = selection.unit(kind)
        let site = sites.windows(SeriesCallSites.key(call, name, context))
        let (store, positions) = selection.resolved()
        // The site's label sets are already without the metric name; a selection by exact
        // metric name keeps them in label order, so nothing is stripped or sorted again.
        var entries: [VectorValue.Entry] = []
        entries.reserveCapacity(positions.count)
        for (position, stored) in positions.enumerated() {
            guard let value = site.value(function, width: width, of: store.series(at: stored), position: position, at: now) else { continue }
            entries.append(VectorValue.Entry(site.vectorLabels(at: position), .number(value, unit)))
        }
        let result = selection.metricName != nil ? VectorValue.make(strippedAndSorted: entries)
            : VectorValue.make(entries.map { ($0.labels, $0.value) })
        if case .nodata = result {
            let needsTwo = [WindowFunction.rate, .increase, .delta].contains(function)
            noteEmpty(selection, w.literal, call, needsTwo: needsTwo)
        }
        return result
    }

    /// Notes why a selection gave nothing: no series at all, or none with samples in the window.
    static func noteEmpty(_ selection: SeriesSelection, _ window: String, _ call: BuiltinCall, needsTwo: Bool = false) {
        if selection.series.isEmpty {
            call.noteNodata("no series matched \(selection.display)")
        } else if needsTwo {
            call.noteNodata("fewer than two samples of \(selection.display) in the last \(window)")
        } else {
            call.noteNodata("no samples of \(selection.display) in the last \(window)")
        }
    }

    /// A quantile level such as 95% or 0.95, within [0, 1].
    static func quantileLevel(_ v: Value, _ call: BuiltinCall) throws -> Double {
        guard case .number(let q, let unit) = v, unit.dimension == .number, q >= 0, q <= 1 else {
            throw call.error("the quantile must be a number from 0 to 1 such as 95% or 0.95, found \(v.described)")
        }
        return q
    }
}
