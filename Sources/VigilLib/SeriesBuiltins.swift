import VigilRuntime
import VigilSeries
import VigilSyntax

/// `series(…)` and the range functions over it, bound to the session's store and clock.
enum SeriesBuiltins {
    static func install(in session: VigilSession) {
        let context = session.context
        let interpreter = session.interpreter
        interpreter.register(Builtin("series", ["name"], required: 0, extraLabels: true) { args, call in
            try selection(args, call, context)
        })
        for (name, kind) in [("rate", MetricUnits.Kind.plain), ("increase", .counterDelta), ("delta", .counterDelta)] {
            interpreter.register(Builtin(name, ["s", "w"]) { args, call in
                try perSeries(args[0], window: args[1], call, context, unit: kind) { series, at, window in
                    switch name {
                    case "rate": series.rate(at: at, window: window)
                    case "increase": series.increase(at: at, window: window)
                    default: series.delta(at: at, window: window)
                    }
                }
            })
        }
    }

    /// `series("name", label: "value", code: ~"5..", version: !~"canary")`.
    static func selection(_ args: [Value], _ call: BuiltinCall, _ context: EvaluationContext) throws -> Value {
        var matchers: [LabelMatcher] = []
        do {
            switch args[0] {
            case .string(let name): matchers.append(.metricName(name))
            case .none: break
            default: throw call.error("the metric name of `series` must be a string, found \(args[0].described)")
            }
            if case .record(let labels) = args.last {
                for (key, value) in zip(labels.shape.keys, labels.values) {
                    switch value {
                    case .string(let s): matchers.append(try LabelMatcher(key, .equal, s))
                    case .object(let o as RegexMatcher): matchers.append(try LabelMatcher(key, o.negated ? .notRegex : .regex, o.pattern))
                    default:
                        throw call.error("the label `\(key)` must be a string or a regex matcher such as ~\"5..\", found \(value.described)")
                    }
                }
            }
        } catch let e as LabelMatcherError {
            throw call.error(e.message)
        }
        if matchers.isEmpty { throw call.error("`series()` needs a metric name or a label matcher") }
        return .object(SeriesSelection(matchers: matchers + context.narrowing, context: context))
    }

    /// The selection a range function reads, or nodata passed through.
    static func seriesArgument(_ v: Value, _ call: BuiltinCall) throws -> SeriesSelection? {
        switch v {
        case .object(let s as SeriesSelection): return s
        case .nodata: return nil
        default: throw call.error("expected a series such as series(\"http_requests_total\"), found \(v.described)")
        }
    }

    /// A window argument in milliseconds.
    static func window(_ v: Value, _ call: BuiltinCall) throws -> Milliseconds {
        guard case .number(let seconds, let unit) = v, unit.dimension == .duration, seconds > 0 else {
            throw call.error("the window must be a positive duration such as 5m, found \(v.described)")
        }
        return Milliseconds((seconds * 1000).rounded())
    }

    /// Applies `f` to every selected series at the evaluation time: a vector, or nodata
    /// when no series has a value.
    static func perSeries(_ s: Value, window w: Value, _ call: BuiltinCall, _ context: EvaluationContext,
                          unit kind: MetricUnits.Kind, _ f: (Series, Timestamp, Milliseconds) -> Double?) throws -> Value {
        guard let selection = try seriesArgument(s, call) else { return .nodata }
        let width = try window(w, call), now = context.nowMs
        let unit = MetricUnits.unit(of: selection.metricName, function: kind)
        return VectorValue.make(selection.series.compactMap { series in
            f(series, now, width).map { (series.labels, Value.number($0, unit)) }
        })
    }
}
