import Foundation
import VigilSeries

/// Reads raw samples from a Prometheus-compatible server over its HTTP API.
///
/// Raw samples come from `/api/v1/query` with a range selector (`{…}[range]` evaluated at
/// the range's end), because that returns every stored sample with its own timestamp.
/// `/api/v1/query_range` is not used for raw reads: it evaluates an expression on a step
/// grid with a 5-minute lookback, so it invents points between samples and drops samples
/// between steps. It is used only where evaluated points are what is wanted
/// (`evaluateRange`, in the push-down extension).
///
/// Long ranges are split into chunks of `chunkWidth` so that no single answer grows without
/// bound (Prometheus caps samples per query with `--query.max-samples`).
public struct PrometheusSource: Sendable {
    /// The server's base URL, e.g. `http://127.0.0.1:9090` (a path prefix is kept).
    public let baseURL: URL
    /// The longest time range one request covers, in milliseconds.
    public let chunkWidth: Milliseconds
    /// The most requests one read may make; a longer read is refused instead of looping for hours.
    public static let maximumRequests = 10_000

    let transport: HTTPTransport

    /// Creates a source; `timeout` bounds each request end to end, in seconds,
    /// `maxResponseBytes` the size of each answer (default 256 MiB), and `trust` the
    /// authorities an `https://` server's certificate must chain to.
    public init(baseURL: URL, timeout: TimeInterval = 10, chunkWidth: Milliseconds = 6 * TimeUnit.hour,
                maxResponseBytes: Int = 256 << 20, runTimeLeft: TimeInterval? = nil, trust: TLSTrust = .system,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.baseURL = try Endpoint.baseURL(baseURL.absoluteString, service: "Prometheus")
        guard timeout > 0, timeout.isFinite else {
            throw LiveError(url: baseURL.absoluteString, kind: .invalidRequest("timeout must be a positive number of seconds"))
        }
        guard chunkWidth > 0 else {
            throw LiveError(url: baseURL.absoluteString, kind: .invalidRequest("chunk width must be positive, got \(chunkWidth) ms"))
        }
        guard maxResponseBytes > 0 else {
            throw LiveError(url: baseURL.absoluteString, kind: .invalidRequest("the response size limit must be positive"))
        }
        self.chunkWidth = chunkWidth
        transport = HTTPTransport(timeout: timeout, maxResponseBytes: maxResponseBytes, runTimeLeft: runTimeLeft,
                                  authorization: try SourceCredentials.authorization(environment: environment, url: baseURL.absoluteString),
                                  trust: trust)
    }

    /// Creates a source from URL text such as `http://127.0.0.1:9090`.
    public init(url: String, timeout: TimeInterval = 10, chunkWidth: Milliseconds = 6 * TimeUnit.hour,
                maxResponseBytes: Int = 256 << 20, runTimeLeft: TimeInterval? = nil, trust: TLSTrust = .system,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        try self.init(baseURL: Endpoint.baseURL(url, service: "Prometheus"), timeout: timeout, chunkWidth: chunkWidth,
                      maxResponseBytes: maxResponseBytes, runTimeLeft: runTimeLeft, trust: trust, environment: environment)
    }

    /// The URL of the instant-query endpoint.
    public var queryURL: URL { Endpoint.url(baseURL, "/api/v1/query") }

    /// Every raw sample of every series matching `matchers` in `[start, end]` (both inclusive).
    ///
    /// A metric the server does not know gives an empty store, not an error.
    public func samples(matching matchers: [LabelMatcher], from start: Timestamp, through end: Timestamp) async throws -> SeriesStore {
        let url = queryURL.absoluteString
        guard start <= end else {
            throw LiveError(url: url, kind: .invalidRequest("range start \(start) ms is after its end \(end) ms"))
        }
        let selector = try rendered(url: url) { try PromQL.selector(matchers) }
        var store = SeriesStore()
        for (chunkStart, chunkEnd) in try chunkBounds(from: start, through: end, url: url) {
            // One millisecond wider than the chunk, then trimmed: correct whether the server's
            // range selectors include their start (Prometheus 2.x) or exclude it (3.x).
            let range = try rendered(url: url) { try PromQL.duration(chunkEnd - chunkStart + 1) }
            let answer = try await transport.postForm(queryURL, fields: [
                ("query", "\(selector)[\(range)]"), ("time", PromQL.time(chunkEnd)),
            ])
            for series in try PrometheusResponse.matrix(answer, url: url) {
                let first = series.firstIndex(atOrAfter: chunkStart)
                for index in first..<series.count {
                    do {
                        try store.append(series.labels, series.timestamps[index], series.values[index])
                    } catch {
                        throw LiveError(url: url, kind: .malformedResponse("samples overlap across chunks: \(error)"))
                    }
                }
            }
        }
        return store
    }

    /// Adds the raw samples matching `matchers` in `[start, end]` to `store`, all or nothing.
    ///
    /// Series already in the store must end before `start`; an overlap is reported and the
    /// store is left as it was, as it is when any request fails.
    public func load(
        matching matchers: [LabelMatcher], from start: Timestamp, through end: Timestamp, into store: inout SeriesStore
    ) async throws {
        let fetched = try await samples(matching: matchers, from: start, through: end)
        var merged = store
        for series in fetched.series {
            do {
                try merged.add(series)
            } catch {
                throw LiveError(url: queryURL.absoluteString, kind: .invalidRequest("cannot add samples to the store: \(error)"))
            }
        }
        store = merged
    }

    /// Splits `[start, end]` into consecutive, non-overlapping inclusive chunks.
    func chunkBounds(from start: Timestamp, through end: Timestamp, url: String) throws -> [(Timestamp, Timestamp)] {
        let span = end.subtractingReportingOverflow(start)
        guard !span.overflow else {
            throw LiveError(url: url, kind: .invalidRequest("time range \(start)…\(end) ms is too large"))
        }
        let requests = span.partialValue / chunkWidth + 1
        guard requests <= PrometheusSource.maximumRequests else {
            throw LiveError(url: url, kind: .invalidRequest(
                "reading \(span.partialValue) ms in chunks of \(chunkWidth) ms would take \(requests) requests "
                    + "(at most \(PrometheusSource.maximumRequests)); use a wider chunk or a shorter range"))
        }
        var bounds: [(Timestamp, Timestamp)] = []
        var chunkStart = start
        while chunkStart <= end {
            let reach = chunkStart.addingReportingOverflow(chunkWidth - 1)
            let chunkEnd = reach.overflow ? end : min(end, reach.partialValue)
            bounds.append((chunkStart, chunkEnd))
            if chunkEnd == end { break }
            chunkStart = chunkEnd + 1
        }
        return bounds
    }

    /// Runs a PromQL rendering step, turning its error into a `LiveError` naming the URL.
    func rendered(url: String, _ render: () throws -> String) throws -> String {
        do {
            return try render()
        } catch let error as PromQLError {
            throw LiveError(url: url, kind: .invalidRequest(error.message))
        }
    }
}
