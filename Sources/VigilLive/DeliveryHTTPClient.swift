import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import VigilActions

/// What a server answered: status, headers (for `Retry-After` and the like) and the body,
/// at most the client's `maxResponseBytes`.
public struct DeliveryResponse: Sendable {
    public let status: Int
    public let headers: [(String, String)]
    public let body: Data

    /// The first value of a header, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}

/// The HTTP and HTTPS client for delivery (webhooks, Alertmanager) and for live sources
/// reached over `https://`: async-http-client on SwiftNIO, with TLS by swift-nio-ssl.
///
/// It never follows redirects (a redirected webhook would carry its body and credentials to
/// a host nobody named), verifies every certificate against the system's or the `--ca-file`
/// authorities, bounds each exchange by a deadline and each answer by a size, and reports
/// failures as `LiveError`s that name the host and hide credentials (`URLRedaction`).
///
/// It is the actions layer's `HTTPPoster`: every webhook and Alertmanager delivery goes
/// through it, over http or https.
public struct DeliveryHTTPClient: HTTPPoster {
    /// The default cap on one answer (a receiver's reply is small; a Prometheus answer is not).
    public static let defaultMaxResponseBytes = 256 << 20

    public let trust: TLSTrust
    public let maxResponseBytes: Int
    /// How long one delivery may take, in seconds, when the caller gives no deadline.
    public let timeout: TimeInterval

    public init(trust: TLSTrust = .system, maxResponseBytes: Int = DeliveryHTTPClient.defaultMaxResponseBytes,
                timeout: TimeInterval = 10) {
        self.trust = trust
        self.maxResponseBytes = maxResponseBytes
        self.timeout = timeout
    }

    /// `HTTPPoster`: POSTs one action within `timeout` and answers the status; what counts as
    /// delivered (2xx) and what is retried is the actions layer's decision.
    public func post(url: String, headers: [(String, String)], body: Data) async throws -> Int {
        try await post(url: url, headers: headers, body: body, timeout: timeout).status
    }

    /// POSTs `body` to `url` with `headers`; the whole exchange, connection and TLS handshake
    /// included, must finish within `timeout` seconds. Any status is returned: what counts
    /// as delivered is the caller's decision.
    public func post(url: String, headers: [(String, String)], body: Data, timeout: TimeInterval) async throws -> DeliveryResponse {
        try await send(method: "POST", url: url, headers: headers, body: body, timeout: timeout)
    }

    /// GETs `url` within `timeout` seconds.
    public func get(url: String, headers: [(String, String)], timeout: TimeInterval) async throws -> DeliveryResponse {
        try await send(method: "GET", url: url, headers: headers, body: nil, timeout: timeout)
    }

    func send(method: String, url: String, headers: [(String, String)], body: Data?,
              timeout: TimeInterval) async throws -> DeliveryResponse {
        let target = try Self.validated(url)
        guard timeout > 0, timeout.isFinite else {
            throw LiveError(url: url, kind: .invalidRequest("timeout must be a positive number of seconds"))
        }
        var request = HTTPClientRequest(url: target.withoutCredentials)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "User-Agent", value: "vigil")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        // async-http-client ignores `user:pw@` in a URL; Vigil sends it as basic
        // authentication, as the plain-http client and curl do.
        if let authorization = target.authorization, !request.headers.contains(name: "Authorization") {
            request.headers.add(name: "Authorization", value: authorization)
        }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        if target.isHTTPS { request.tlsConfiguration = trust.clientConfiguration }
        let deadline = NIODeadline.now() + .nanoseconds(Int64((timeout * 1e9).rounded()))
        let failure = DeliveryFailure(url: url, host: target.host, timeout: timeout, maxResponseBytes: maxResponseBytes, trust: trust)
        do {
            let response = try await SharedHTTPClient.client.execute(request, deadline: deadline)
            let collected = try await response.body.collect(upTo: maxResponseBytes)
            return DeliveryResponse(status: Int(response.status.code),
                                    headers: response.headers.map { ($0.name, $0.value) },
                                    body: Data(collected.readableBytesView))
        } catch {
            throw failure.liveError(error)
        }
    }

    /// An absolute http or https URL with a host, or a clear refusal; credentials written in
    /// it (`user:pw@`) come back apart, as an `Authorization` value and the URL without them.
    static func validated(_ text: String) throws -> Target {
        guard var components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw LiveError(url: text, kind: .invalidRequest("expected an absolute http:// or https:// URL with a host"))
        }
        guard scheme == "http" || scheme == "https" else {
            throw LiveError(url: text, kind: .invalidRequest("unsupported scheme `\(scheme)`; use http:// or https://"))
        }
        let authorization = URLRedaction.basicAuthorization(components)
        components.user = nil
        components.password = nil
        return Target(host: host, isHTTPS: scheme == "https", authorization: authorization,
                      withoutCredentials: authorization == nil ? text : (components.string ?? text))
    }

    /// A validated request URL.
    struct Target {
        let host: String
        let isHTTPS: Bool
        /// Basic authentication for `user:pw@` in the URL, nil when it has none.
        let authorization: String?
        /// The URL as sent, without its user information.
        let withoutCredentials: String
    }
}

/// The one async-http-client of the process, created on first use, so commands that never
/// talk to a server never start its event loop.
///
/// It lives as long as the process (like `HTTPClient.shared`), which keeps connections
/// pooled across evaluations and needs no shutdown. Trust is set per request, so one client
/// serves every `--ca-file`.
enum SharedHTTPClient {
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10)),
            connectionPool: .init(idleTimeout: .seconds(60)),
            decompression: .disabled)
        configuration.tlsConfiguration = TLSTrust.system.clientConfiguration
        // A refused connection or an untrusted certificate fails the request at once with
        // that reason; retrying is the caller's job (delivery backs off and journals each try),
        // not a silent loop until the deadline that ends in "timed out".
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
