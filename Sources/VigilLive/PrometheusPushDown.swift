import Foundation
import VigilSeries

/// Push-down: let the server compute range functions, so only one value per series travels.
///
/// This is how Vigil scales to Thanos, Mimir or Cortex: a rule over millions of samples
/// becomes one PromQL instant query answered next to the data.
extension PrometheusSource {
    /// Prometheus refuses query_range answers with more than 11,000 points per series; stay below.
    public static let maximumPointsPerRangeQuery = 10_000

    /// The URL of the range-query endpoint.
    public var queryRangeURL: URL { Endpoint.url(baseURL, "/api/v1/query_range") }

    /// Evaluates `function` over the series matching `matchers` with `window`, at `time`.
    ///
    /// Answers one value per label set (sorted by label set); label sets for which the
    /// function has no value (e.g. `rate` over fewer than two samples) are absent.
    public func evaluate(
        _ function: RangeFunction, over matchers: [LabelMatcher], window: Milliseconds, at time: Timestamp
    ) async throws -> [LabeledValue] {
        let url = queryURL.absoluteString
        let expression = try rendered(url: url) { try function.promQL(over: matchers, window: window) }
        let answer = try await transport.postForm(queryURL, fields: [("query", expression), ("time", PromQL.time(time))])
        return try PrometheusResponse.vector(answer, url: url)
    }

    /// Evaluates `function` at every `step` from `start` through `end` with `/api/v1/query_range`.
    ///
    /// Answers one series per label set whose samples are the evaluated points (not raw
    /// samples). Long ranges are split so that no request exceeds `maximumPointsPerRangeQuery`.
    public func evaluateRange(
        _ function: RangeFunction, over matchers: [LabelMatcher], window: Milliseconds,
        from start: Timestamp, through end: Timestamp, step: Milliseconds
    ) async throws -> SeriesStore {
        let url = queryRangeURL.absoluteString
        guard step > 0 else {
            throw LiveError(url: url, kind: .invalidRequest("step must be positive, got \(step) ms"))
        }
        guard start <= end else {
            throw LiveError(url: url, kind: .invalidRequest("range start \(start) ms is after its end \(end) ms"))
        }
        let span = end.subtractingReportingOverflow(start)
        guard !span.overflow else {
            throw LiveError(url: url, kind: .invalidRequest("time range \(start)…\(end) ms is too large"))
        }
        let points = span.partialValue / step + 1
        let pointsPerRequest = Int64(PrometheusSource.maximumPointsPerRangeQuery)
        let requests = (points + pointsPerRequest - 1) / pointsPerRequest
        guard requests <= PrometheusSource.maximumRequests else {
            throw LiveError(url: url, kind: .invalidRequest(
                "\(points) points would take \(requests) requests (at most \(PrometheusSource.maximumRequests)); use a larger step"))
        }
        let expression = try rendered(url: url) { try function.promQL(over: matchers, window: window) }
        let stepText = PromQL.time(step)
        var store = SeriesStore()
        var firstPoint: Int64 = 0
        while firstPoint < points {
            let lastPoint = min(points - 1, firstPoint + pointsPerRequest - 1)
            let answer = try await transport.postForm(queryRangeURL, fields: [
                ("query", expression), ("start", PromQL.time(start + firstPoint * step)),
                ("end", PromQL.time(start + lastPoint * step)), ("step", stepText),
            ])
            for series in try PrometheusResponse.matrix(answer, url: url) {
                do {
                    try store.add(series)
                } catch {
                    throw LiveError(url: url, kind: .malformedResponse("overlapping points across requests: \(error)"))
                }
            }
            firstPoint = lastPoint + 1
        }
        return store
    }
}
