import VigilRuntime
import VigilSeries

/// `ratio(a, b, w)` = sum of increase(a) / sum of increase(b) over the window, a zero
/// denominator being nodata. The canary's error-rate signals need it; the full version
/// (with `by:`) belongs to the series builtins, which replace this one when they define it.
enum InterimRatio {
    static func install(in session: VigilSession) {
        let context = session.context
        session.interpreter.register(Builtin("ratio", ["a", "b", "w"]) { args, call in
            guard let a = try SeriesBuiltins.seriesArgument(args[0], call),
                  let b = try SeriesBuiltins.seriesArgument(args[1], call) else { return .nodata }
            let width = try SeriesBuiltins.window(args[2], call), now = context.nowMs
            func total(_ s: SeriesSelection) -> Double? {
                let parts = s.series.compactMap { $0.increase(at: now, window: width) }
                return parts.isEmpty ? nil : parts.reduce(0, +)
            }
            guard let numerator = total(a), let denominator = total(b), denominator > 0 else { return .nodata }
            return .number(numerator / denominator)
        })
    }
}
