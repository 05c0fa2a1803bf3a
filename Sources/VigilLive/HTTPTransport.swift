import Foundation

/// Sends HTTP requests with a bounded timeout and turns transport failures into `LiveError`.
///
/// Plain `http://` goes through `HTTPConnection` (one socket per request, closed after it);
/// `https://` through `DeliveryHTTPClient`, verified against `trust`.
struct HTTPTransport: Sendable {
    /// The default cap on one answer: far above any real query result, low enough that a
    /// broken or hostile server cannot exhaust memory.
    static let defaultMaxResponseBytes = 256 << 20

    let timeout: TimeInterval
    /// The most bytes one answer may have, headers included; more is a `responseTooLarge` error.
    let maxResponseBytes: Int
    /// The authorities an https server's certificate must chain to.
    let trust: TLSTrust

    /// When the whole run must end (`--timeout`): a request never outlives it, however many
    /// requests the run makes.
    let runEnd: HTTPConnection.Deadline?

    /// An `Authorization` header for every request (`SourceCredentials`); credentials in a
    /// request's URL take its place.
    let authorization: String?

    init(timeout: TimeInterval, maxResponseBytes: Int = HTTPTransport.defaultMaxResponseBytes, runTimeLeft: TimeInterval? = nil,
         authorization: String? = nil, trust: TLSTrust = .system) {
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
        self.authorization = authorization
        self.trust = trust
        runEnd = runTimeLeft.map { HTTPConnection.Deadline(seconds: $0) }
    }

    /// GET a URL.
    func get(_ url: URL) async throws -> HTTPAnswer {
        try await send(HTTPConnection.Request(method: "GET", url: url, headers: [("Accept", "application/json")]))
    }

    /// DELETE a URL.
    func delete(_ url: URL) async throws -> HTTPAnswer {
        try await send(HTTPConnection.Request(method: "DELETE", url: url))
    }

    /// POST a body with a content type.
    func post(_ url: URL, body: Data, contentType: String) async throws -> HTTPAnswer {
        try await send(HTTPConnection.Request(method: "POST", url: url,
                                              headers: [("Content-Type", contentType), ("Accept", "application/json")], body: body))
    }

    /// POST form fields, URL-encoded (Prometheus accepts queries this way, with no URL length limit).
    func postForm(_ url: URL, fields: [(String, String)]) async throws -> HTTPAnswer {
        let body = fields.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        return try await post(url, body: Data(body.utf8), contentType: "application/x-www-form-urlencoded")
    }

    private func send(_ request: HTTPConnection.Request) async throws -> HTTPAnswer {
        var request = request
        if let authorization, URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.user == nil {
            request.headers.append(("Authorization", authorization))
        }
        guard let runLeft = runEnd?.secondsLeft, runLeft < timeout else {
            return try await exchange(request, timeout: timeout)
        }
        // The run ends before this request's own timeout would: running out is the run's
        // deadline, and the message must say so rather than "no answer within 0 s".
        guard runLeft > 0 else { throw LiveError(url: request.url.absoluteString, kind: .runDeadline) }
        do {
            return try await exchange(request, timeout: runLeft)
        } catch let error as LiveError where error.kind == .timedOut(seconds: runLeft) {
            throw LiveError(url: request.url.absoluteString, kind: .runDeadline)
        }
    }

    /// One exchange: `http://` on a socket of its own, `https://` through `DeliveryHTTPClient`.
    private func exchange(_ request: HTTPConnection.Request, timeout: TimeInterval) async throws -> HTTPAnswer {
        guard request.url.scheme?.lowercased() == "https" else {
            return try HTTPConnection.exchange(request, timeout: timeout, maxBytes: maxResponseBytes)
        }
        let client = DeliveryHTTPClient(trust: trust, maxResponseBytes: maxResponseBytes)
        let response = try await client.send(method: request.method, url: request.url.absoluteString,
                                             headers: request.headers, body: request.body.isEmpty ? nil : request.body,
                                             timeout: timeout)
        return HTTPAnswer(status: response.status, body: response.body)
    }

    /// Percent-encodes everything except RFC 3986 unreserved characters, so `+`, `&`, `=`
    /// and braces in PromQL survive form decoding unchanged.
    static func formEncode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }
}

/// Joins an API path onto a base URL, keeping any path prefix the base has (e.g. `/prometheus`).
enum Endpoint {
    /// The base's query (`?tenant=a`) is kept after the joined path, not swallowed into it.
    static func url(_ base: URL, _ path: String) -> URL {
        guard var components = URLComponents(url: base, resolvingAgainstBaseURL: false) else { return base }
        var prefix = components.percentEncodedPath
        while prefix.hasSuffix("/") { prefix.removeLast() }
        components.percentEncodedPath = prefix + path
        return components.url ?? base
    }

    /// Validates that a URL string is absolute http or https with a host.
    static func baseURL(_ text: String, service: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else {
            throw LiveError(url: text, kind: .invalidRequest("\(service) URL must be absolute http:// or https:// with a host"))
        }
        return url
    }
}
