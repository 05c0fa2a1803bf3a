/// §4: selecting series, range functions over a window, aggregation across series.
extension Builtin {
    static let seriesBuiltins: [Builtin] = {
        var out: [Builtin] = [
            builtin("series", [param("metric", .string)], .kind(.series), .series, .series,
                    "Selects series of a metric; named arguments match labels (equal, ~regex, !~regex).",
                    anyNamed: true),
            builtin("last", [param("s", .series)], .kind(.vector), .series, .series,
                    "The newest sample at or before now within a 5m lookback."),
            builtin("quantile", [param("s", .series), param("q", .number), param("w", .duration)], .kind(.vector),
                    .series, .series, "The q-quantile of the samples over the window."),
            builtin("ratio", [param("a", .series), param("b", .series), param("w", .duration), named("by", .string)],
                    .kind(.vector), .series, .series,
                    "Sum of increase(a) over sum of increase(b); a zero denominator is nodata."),
            builtin("ewma", [param("s", .series), param("alpha", .number)], .kind(.vector), .series, .series,
                    "Exponentially weighted moving average with smoothing factor alpha."),
            builtin("zscore", [param("s", .series), param("w", .duration)], .kind(.vector), .series, .series,
                    "How many standard deviations the newest sample lies from the window's mean."),
            builtin("forecast", [param("s", .series), param("horizon", .duration)], .kind(.vector), .series, .series,
                    "The value expected `horizon` ahead (Holt double exponential smoothing)."),
            builtin("breach_time", [param("s", .series), param("threshold", .quantity)], .kind(.timestamp), .series,
                    .series, "When the Holt forecast of each series first reaches the threshold; nodata if not within 10 years."),
            builtin("absent", [param("s", .series), param("w", .duration)], .kind(.bool), .series, .series,
                    "Whether the series has no sample in the window."),
            builtin("top", [param("k", .number), param("v", .vector, .series), named("by", .string)], .kind(.vector),
                    .series, .series, "The k largest values; with `by`, the k label groups whose largest value is largest."),
            builtin("baseline", [param("s", .vector, .series), named("window", .duration), named("method", .string)],
                    .sameAsArgument(0), .series, .series,
                    "The baseline of a signal: its mean (or `method`) over the trailing window (default 1d)."),
        ]
        for name in ["rate", "increase", "delta"] {
            let doc = name == "rate" ? "The per-second rate of increase of a counter over the window."
                : name == "increase" ? "How much a counter grew over the window." : "Last minus first sample of a gauge over the window."
            out.append(builtin(name, [param("s", .series), param("w", .duration)], .kind(.vector), .series, .series, doc))
        }
        for name in ["p50", "p90", "p95", "p99"] {
            out.append(builtin(name, [param("s", .series), param("w", .duration)], .kind(.vector), .series, .series,
                               "The \(name.dropFirst())th percentile of the samples over the window."))
        }
        for name in ["sum", "avg", "min", "max", "count"] {
            out.append(builtin(name, [param("s", .series), param("w", .duration)], .kind(.vector), .series, .series,
                               "The \(name) of each series' samples over the window."))
            out.append(builtin(name, [param("v", .vector, .series), named("by", .string)], .kind(.vector), .series,
                               .series, "The \(name) across series: a plain number, or a vector of one per `by` label group."))
        }
        // Matching (`without`, `keep`, `scalar`) is declared in its own file.
        out += vectorMatchingBuiltins
        return out
    }()
}
