import Foundation
import VigilActions

/// Delivers actions over plain HTTP with Vigil's own socket client: the `HTTPPoster` the
/// actions layer uses until a TLS-capable client takes its place.
public struct PlainHTTPPoster: HTTPPoster {
    private let transport: HTTPTransport

    /// `timeout` bounds each request end to end, in seconds.
    public init(timeout: TimeInterval = 10) {
        transport = HTTPTransport(timeout: timeout, maxResponseBytes: 1 << 20)
    }

    public func post(url: String, headers: [(String, String)], body: Data) async throws -> Int {
        guard let target = URL(string: url) else {
            throw LiveError(url: url, kind: .invalidRequest("not a URL"))
        }
        let request = HTTPConnection.Request(method: "POST", url: target, headers: headers, body: body)
        return try HTTPConnection.exchange(request, timeout: transport.timeout, maxBytes: transport.maxResponseBytes).status
    }
}
