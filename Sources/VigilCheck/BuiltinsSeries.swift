/// §4: selecting series, range functions over a window, aggregation across series.
extension Builtin {
    static let seriesBuiltins: [Builtin] = {
        var out: [Builtin] = [
            builtin("series", [optional("metric", .string)], .kind(.series), .series, .series,
                    "Selects series of a metric (or of any metric, by labels alone); named arguments match labels (equal, ~regex, !~regex).",
                    anyNamed: true, example: "series(\"http_requests_total\", service: \"checkout\", code: ~\"5..\")"),
            builtin("last", [param("s", .series)], .kind(.vector), .series, .series,
                    "The newest sample at or before now within a 5m lookback.",
                    example: "last(series(\"latency_seconds\"))"),
            builtin("quantile", [param("s", .series), param("q", .number), param("w", .duration)], .kind(.vector),
                    .series, .series, "The q-quantile of the samples over the window.",
                    example: "quantile(series(\"latency_seconds\"), 0.95, 5m)"),
            builtin("ratio", [param("a", .series), param("b", .series), param("w", .duration), named("by", .string)],
                    .kind(.vector), .series, .series,
                    "Sum of increase(a) over sum of increase(b); a zero denominator is nodata.",
                    example: "ratio(series(\"http_requests_total\", code: \"500\"), series(\"http_requests_total\"), 5m)"),
            builtin("ewma", [param("s", .series), param("alpha", .number)], .kind(.vector), .series, .series,
                    "Exponentially weighted moving average with smoothing factor alpha.",
                    example: "ewma(series(\"latency_seconds\"), 0.3)"),
            builtin("zscore", [param("s", .series), param("w", .duration)], .kind(.vector), .series, .series,
                    "How many standard deviations the newest sample lies from the window's mean.",
                    example: "zscore(series(\"latency_seconds\"), 10m)"),
            builtin("forecast", [param("s", .series), param("horizon", .duration)], .kind(.vector), .series, .series,
                    "The value expected `horizon` ahead (Holt double exponential smoothing).",
                    example: "forecast(series(\"latency_seconds\"), 1h)"),
            builtin("breach_time", [param("s", .series), param("threshold", .quantity)], .kind(.timestamp), .series,
                    .series, "When the Holt forecast of each series first reaches the threshold; nodata if not within 10 years.",
                    example: "breach_time(series(\"latency_seconds\"), 2s)"),
            builtin("predict_linear", [param("s", .series), param("w", .duration), param("ahead", .duration)], .kind(.vector),
                    .series, .series,
                    "The value `ahead` from now on the least-squares line through the window's samples, as Prometheus's predict_linear.",
                    example: "predict_linear(series(\"disk_used_bytes\"), 6h, 7d)"),
            builtin("forecast_high", [param("s", .series), param("w", .duration), param("ahead", .duration),
                                      named("confidence", .number)], .kind(.vector), .series, .series,
                    "The upper edge of the prediction band (default 95%) around predict_linear's line `ahead` from now.",
                    example: "forecast_high(series(\"disk_used_bytes\"), 1d, 7d, confidence: 90%)"),
            builtin("forecast_low", [param("s", .series), param("w", .duration), param("ahead", .duration),
                                     named("confidence", .number)], .kind(.vector), .series, .series,
                    "The lower edge of the prediction band (default 95%) around predict_linear's line `ahead` from now.",
                    example: "forecast_low(series(\"disk_free_bytes\"), 1d, 7d)"),
            builtin("breach_probability", [param("s", .series), param("threshold", .quantity), param("w", .duration),
                                           param("ahead", .duration)], .kind(.vector), .series, .series,
                    "The probability (0..1) that a sample `ahead` from now is beyond the threshold, from the line over the window and its spread.",
                    example: "breach_probability(series(\"disk_used_bytes\"), 100GB, 1d, 7d)"),
            builtin("absent", [param("s", .series), param("w", .duration)], .kind(.bool), .series, .series,
                    "Whether the series has no sample in the window.",
                    example: "absent(series(\"http_requests_total\", code: \"503\"), 5m)"),
            builtin("top", [param("k", .number), param("v", .vector, .series), named("by", .string)], .kind(.vector),
                    .series, .series, "The k largest values; with `by`, the k label groups whose largest value is largest.",
                    example: "top(1, rate(series(\"http_requests_total\"), 5m), by: \"code\")"),
            builtin("baseline", [param("s", .vector, .series), named("window", .duration), named("method", .string)],
                    .sameAsArgument(0), .series, .series,
                    "The baseline of a signal: its mean (or `method`) over the trailing window (default 1d).",
                    example: "baseline(series(\"latency_seconds\"), window: 1h)"),
        ]
        for name in ["rate", "increase", "delta"] {
            let doc = name == "rate" ? "The per-second rate of increase of a counter over the window."
                : name == "increase" ? "How much a counter grew over the window." : "Last minus first sample of a gauge over the window."
            var declaration = builtin(name, [param("s", .series), param("w", .duration)], .kind(.vector), .series, .series, doc,
                                      example: "\(name)(series(\"http_requests_total\"), 5m)")
            declaration.comparisonKernel = true
            out.append(declaration)
        }
        for name in ["p50", "p90", "p95", "p99"] {
            var declaration = builtin(name, [param("s", .series), param("w", .duration)], .kind(.vector), .series, .series,
                                      "The \(name.dropFirst())th percentile of the samples over the window.",
                                      example: "\(name)(series(\"latency_seconds\"), 5m)")
            declaration.comparisonKernel = true
            out.append(declaration)
        }
        for name in ["sum", "avg", "min", "max", "count"] {
            out.append(builtin(name, [param("s", .series), param("w", .duration)], .kind(.vector), .series, .series,
                               "The \(name) of each series' samples over the window.",
                               example: "\(name)(series(\"latency_seconds\"), 5m)"))
            out.append(builtin(name, [param("v", .vector, .series), named("by", .string)], .kind(.vector), .series,
                               .series, "The \(name) across series: a plain number, or a vector of one per `by` label group.",
                               example: "\(name)(rate(series(\"http_requests_total\"), 5m), by: \"code\")"))
        }
        // Matching (`without`, `keep`, `scalar`) is declared in its own file.
        out += vectorMatchingBuiltins
        return out
    }()
}
