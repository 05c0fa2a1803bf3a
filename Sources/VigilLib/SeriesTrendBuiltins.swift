import VigilEngines
import VigilRuntime
import VigilSeries
import VigilSyntax

/// Capacity forecasts from a least-squares line over a window (VigilEngines `LinearTrend`):
/// `predict_linear` as Prometheus computes it, the edges of its prediction band, and the
/// probability that a threshold is breached by a time ahead.
enum SeriesTrendBuiltins {
    /// The confidence of a band when the call names none.
    static let defaultConfidence = 0.95

    static func install(in session: VigilSession) {
        let context = session.context, interpreter = session.interpreter
        interpreter.register(Builtin("predict_linear") { args, call in
            let (width, ahead) = try spans(args[1], args[2], call)
            return try SeriesSmoothingBuiltins.each(args[0], "predict_linear", call, context, kind: .gauge,
                                                    reason: { "fewer than two samples of \($0) in the last \(args[1].literal)" }) { series, _, now in
                trend(series, width, now)?.value(at: now + ahead)
            }
        })
        for (name, upper) in [("forecast_high", true), ("forecast_low", false)] {
            interpreter.register(Builtin(name) { args, call in
                let (width, ahead) = try spans(args[1], args[2], call)
                let confidence = try level(args[3], call)
                return try SeriesSmoothingBuiltins.each(args[0], name, call, context, kind: .gauge,
                                                        reason: { "fewer than two samples of \($0) in the last \(args[1].literal)" }) { series, _, now in
                    trend(series, width, now).map { line in
                        let band = line.band(at: now + ahead, confidence: confidence)
                        return upper ? band.high : band.low
                    }
                }
            })
        }
        interpreter.register(Builtin("breach_probability") { args, call in
            guard let selection = try SeriesBuiltins.seriesArgument(args[0], call) else { return .nodata }
            let threshold = try SeriesSmoothingBuiltins.thresholdValue(args[1], of: selection, "breach_probability", call)
            let (width, ahead) = try spans(args[2], args[3], call)
            return try SeriesSmoothingBuiltins.each(args[0], "breach_probability", call, context, kind: .plain,
                                                    reason: { "fewer than two samples of \($0) in the last \(args[2].literal)" }) { series, _, now in
                trend(series, width, now).map { line in
                    line.breachProbability(of: threshold, at: now + ahead, rising: threshold >= line.value(at: now))
                }
            }
        })
    }

    /// The line through the window's non-stale samples, x measured from the evaluation time
    /// (Prometheus's intercept time).
    static func trend(_ series: Series, _ width: Milliseconds, _ now: Timestamp) -> LinearTrend? {
        var times: [Timestamp] = [], values: [Double] = []
        RangeWindow(series, at: now, width: width).forEach { t, v in times.append(t); values.append(v) }
        return LinearTrend(times: times[...], values: values[...], origin: now)
    }

    /// The fit window and how far ahead to look, both durations (`ahead` may be 0).
    static func spans(_ window: Value, _ ahead: Value, _ call: BuiltinCall) throws -> (Milliseconds, Milliseconds) {
        let width = try SeriesBuiltins.window(window, call)
        guard case .number(let seconds, let unit) = ahead, unit.dimension == .duration, seconds >= 0, seconds.isFinite else {
            throw call.error("how far ahead to forecast must be a duration of at least 0 such as 7d, found \(ahead.described)")
        }
        return (width, Milliseconds((seconds * 1000).rounded()))
    }

    /// `confidence:` strictly between 0% and 100% (default 95%).
    static func level(_ v: Value, _ call: BuiltinCall) throws -> Double {
        guard case .number(let p, _) = v else { return defaultConfidence }
        guard p > 0, p < 1 else {
            throw call.error("`confidence` must be between 0% and 100% (exclusive) such as 95%, found \(v.literal)")
        }
        return p
    }
}
