import VigilRuntime
import VigilSeries
import VigilSyntax

/// `series(…)` and the argument readers the range functions share (SeriesRangeBuiltins and friends).
enum SeriesBuiltins {
    static func install(in session: VigilSession) {
        let context = session.context
        let interpreter = session.interpreter
        let sites = SelectionSites()
        interpreter.register(Builtin("series") { args, call in
            .object(try sites.selection(args, call, context) { try selection(args, call, context) })
        })
    }

    /// `series("name", label: "value", code: ~"5..", version: !~"canary")`.
    static func selection(_ args: [Value], _ call: BuiltinCall, _ context: EvaluationContext) throws -> SeriesSelection {
        var matchers: [LabelMatcher] = []
        do {
            switch args[0] {
            case .string(let name): matchers.append(.metricName(name))
            case .none: break
            default: throw call.error("the metric name of `series` must be a string, found \(args[0].described)")
            }
            if case .record(let labels) = args.last {
                for (key, value) in zip(labels.shape.keys, labels.values) {
                    guard let matcher = try labelMatcher(key, value) else {
                        throw call.error("the label `\(key)` must be a string or a regex matcher such as ~\"5..\", found \(value.described)")
                    }
                    matchers.append(matcher)
                }
            }
        } catch let e as LabelMatcherError {
            throw call.error(e.message)
        }
        if matchers.isEmpty { throw call.error("`series()` needs a metric name or a label matcher") }
        let selected = matchers + context.narrowing
        if let load = context.seriesLoader {
            do { try load(selected) } catch let missing as NoDataSource {
                throw call.error("\(missing): this program selects series but was given no samples", hint: NoDataSource.hint)
            } catch { throw call.error("cannot read the series: \(error)") }
        }
        return SeriesSelection(matchers: selected, context: context)
    }

    /// The matcher `label: "value"` or `label: ~"regex"` (`!~` negated) makes; nil for a
    /// value of another type. Throws `LabelMatcherError` for an invalid regex.
    static func labelMatcher(_ label: String, _ value: Value) throws -> LabelMatcher? {
        switch value {
        case .string(let s): return try LabelMatcher(label, .equal, s)
        case .object(let o as RegexMatcher): return try LabelMatcher(label, o.negated ? .notRegex : .regex, o.pattern)
        default: return nil
        }
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
        return try TimeSpanCheck.milliseconds(seconds, call)
    }
}
