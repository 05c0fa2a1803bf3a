/// §4 "Matching": the builtins that make two vectors' label sets meet. Their run-time side
/// (same parameter names) is VigilLib's VectorMatchingBuiltins.swift.
extension Builtin {
    static let vectorMatchingBuiltins: [Builtin] = [
        builtin("without", [param("v", .vector, .series), param("labels", .string)], .kind(.vector), .series, .series,
                "The vector with the named labels dropped, so it pairs with another: "
                    + "`without(p99(s, 5m), \"quantile\") <= 2 * without(p95(s, 5m), \"quantile\")`. "
                    + "Two elements left with one label set are an error.",
                variadic: true, example: "without(p99(series(\"latency_seconds\"), 5m), \"quantile\")"),
        builtin("keep", [param("v", .vector, .series), param("labels", .string)], .kind(.vector), .series, .series,
                "The vector with only the named labels kept: `keep(rate(s, 5m), \"service\")`. "
                    + "Two elements left with one label set are an error.",
                variadic: true, example: "keep(sum(rate(series(\"http_requests_total\"), 5m), by: \"service\"), \"service\")"),
        builtin("scalar", [param("v", .vector, .series, .number)], .kind(.quantity), .series, .series,
                "The value of a one-element vector as a plain number; nodata (with the reason) for any other count.",
                example: "scalar(sum(rate(series(\"http_requests_total\"), 5m), by: \"service\"))"),
    ]
}
