import Foundation

/// One HTTP answer: status code and body.
struct HTTPAnswer: Sendable {
    let status: Int
    let body: Data

    /// The start of the body as text, for error messages; long answers are cut.
    var bodySnippet: String {
        let text = String(decoding: body.prefix(HTTPTransport.snippetBytes), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return body.count > HTTPTransport.snippetBytes ? text + "…" : text
    }
}

/// Sends HTTP requests with a bounded timeout and turns transport failures into `LiveError`.
///
/// Plain `http://` goes through `HTTPConnection` (one socket per request, closed after it);
/// `https://` through `DeliveryHTTPClient`, verified against `trust`.
struct HTTPTransport: Sendable {
    /// How much of an error body goes into an error message.
    static let snippetBytes = 400

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

    init(timeout: TimeInterval, maxResponseBytes: Int = HTTPTransport.defaultMaxResponseBytes,
         runTimeLeft: TimeInterval? = nil, trust: TLSTrust = .system) {
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
        self.trust = trust
        runEnd = runTimeLeft.map { HTTPConnection.Deadline(seconds: $0) }
    }

    /// `256 MiB`, `1 KiB`, `100 bytes`: a byte count as the limit messages show it.
    static func describe(bytes: Int) -> String {
        for (unit, size) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes >= size && bytes % size == 0 {
            return "\(bytes / size) \(unit)"
        }
        return "\(bytes) bytes"
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
        let limit = min(timeout, runEnd?.secondsLeft ?? timeout)
        guard limit > 0 else { throw LiveError(url: request.url.absoluteString, kind: .timedOut(seconds: 0)) }
        guard request.url.scheme?.lowercased() == "https" else {
            return try HTTPConnection.exchange(request, timeout: limit, maxBytes: maxResponseBytes)
        }
        let client = DeliveryHTTPClient(trust: trust, maxResponseBytes: maxResponseBytes)
        let response = try await client.send(method: request.method, url: request.url.absoluteString,
                                             headers: request.headers, body: request.body.isEmpty ? nil : request.body,
                                             timeout: limit)
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
