import Foundation
import VigilRuntime
import VigilSeries
import VigilSyntax

/// `ewma`, `zscore`, `forecast` and `breach_time`: smoothing, standardising and Holt
/// forecasts of every selected series at the evaluation time.
enum SeriesSmoothingBuiltins {
    /// How far ahead `breach_time` looks before calling a threshold never reached: beyond
    /// ten years a linear trend says nothing an operator can act on.
    static let breachHorizon: Milliseconds = 3650 * TimeUnit.day

    static func install(in session: VigilSession, sites: SeriesCallSites) {
        let context = session.context, interpreter = session.interpreter
        interpreter.register(Builtin("ewma") { args, call in
            guard case .number(let alpha, let unit) = args[1], unit.dimension == .number, alpha > 0, alpha <= 1 else {
                throw call.error("`alpha` of `ewma` must be a number above 0 and at most 1 such as 0.3, found \(args[1].described)")
            }
            let site = sites.ewmas(SeriesCallSites.key(call, "ewma", context))
            return try each(args[0], "ewma", call, context, kind: .gauge, reason: { "no samples of \($0) up to now" }) { series, position, now in
                site.value(alpha: alpha, of: series, position: position, at: now)
            }
        })
        interpreter.register(Builtin("zscore") { args, call in
            let width = try SeriesBuiltins.window(args[1], call)
            let site = sites.windows(SeriesCallSites.key(call, "zscore", context))
            return try each(args[0], "zscore", call, context, kind: .plain, reason: {
                "fewer than two distinct samples of \($0) in the last \(args[1].literal)"
            }) { series, position, now in
                site.value(.zscore, width: width, of: series, position: position, at: now)
            }
        })
        interpreter.register(Builtin("forecast") { args, call in
            let horizon = try SeriesBuiltins.window(args[1], call)
            let site = sites.holts(SeriesCallSites.key(call, "forecast", context))
            return try each(args[0], "forecast", call, context, kind: .gauge, reason: { "fewer than two samples of \($0) up to now" }) { series, position, now in
                site.model(of: series, position: position, at: now)?.value(at: now + horizon)
            }
        })
        interpreter.register(Builtin("breach_time") { args, call in
            guard let selection = try SeriesBuiltins.seriesArgument(args[0], call) else { return .nodata }
            let threshold = try thresholdValue(args[1], of: selection, "breach_time", call)
            let now = context.nowMs, site = sites.holts(SeriesCallSites.key(call, "breach_time", context))
            let result = VectorValue.make(selection.series.enumerated().compactMap { position, series in
                let model = site.model(of: series, position: position, at: now)
                return model?.breachTime(of: threshold, notAfter: now + breachHorizon).map {
                    (series.labels, Value.number(Double($0) / 1000, .timestamp))
                }
            })
            if case .nodata = result {
                if selection.series.isEmpty { call.noteNodata("no series matched \(selection.display)") }
                else { call.noteNodata("the forecast of \(selection.display) does not reach \(args[1].literal)") }
            }
            return result
        })
    }

    /// Applies `f` to every selected series (with its position in the selection) at the evaluation time.
    static func each(_ s: Value, _ name: String, _ call: BuiltinCall, _ context: EvaluationContext,
                     kind: MetricUnits.Kind, reason: (String) -> String, _ f: (Series, Int, Timestamp) -> Double?) throws -> Value {
        guard let selection = try SeriesBuiltins.seriesArgument(s, call) else { return .nodata }
        let unit = MetricUnits.unit(of: selection.metricName, function: kind), now = context.nowMs
        let result = VectorValue.make(selection.series.enumerated().compactMap { position, series in
            f(series, position, now).map { (series.labels, Value.number($0, unit)) }
        })
        if case .nodata = result {
            if selection.series.isEmpty { call.noteNodata("no series matched \(selection.display)") }
            else { call.noteNodata(reason(selection.display)) }
        }
        return result
    }

    /// A threshold in the metric's own unit: `breach_time(disk_bytes, 100GB)` compares bytes.
    static func thresholdValue(_ v: Value, of selection: SeriesSelection, _ name: String, _ call: BuiltinCall) throws -> Double {
        let metricUnit = MetricUnits.unit(of: selection.metricName, function: .gauge)
        guard case .number(let x, let unit) = v, unit.dimension == metricUnit.dimension else {
            let wanted = metricUnit.dimension == .number ? "a number" : "a \(metricUnit.dimension)"
            throw call.error("the threshold of `\(name)` must be \(wanted) like the values of \(selection.display), found \(v.described)")
        }
        return x
    }
}
