import Foundation

extension PrometheusSource {
    /// Asks the server the smallest query there is (`vector(1)`), so that a wrong or dead URL
    /// is reported, naming it, before anything evaluates — instead of surfacing later as a
    /// selection with no series, which would read as "no data".
    public func probe() async throws {
        let answer = try await transport.postForm(queryURL, fields: [("query", "vector(1)")])
        _ = try PrometheusResponse.vector(answer, url: queryURL.absoluteString)
    }
}
