import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
/// Each client owns one ephemeral session (no cookies, no cache) so a slow server can hold
/// up at most its own requests, and the resource timeout bounds a request end to end.
struct HTTPTransport: Sendable {
    /// How much of an error body goes into an error message.
    static let snippetBytes = 400

    let timeout: TimeInterval
    private let owner: SessionOwner
    private var session: URLSession { owner.session }

    init(timeout: TimeInterval) {
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        owner = SessionOwner(URLSession(configuration: configuration))
    }

    /// GET a URL.
    func get(_ url: URL) async throws -> HTTPAnswer {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "GET"
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        return try await send(request)
    }

    /// DELETE a URL.
    func delete(_ url: URL) async throws -> HTTPAnswer {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "DELETE"
        return try await send(request)
    }

    /// POST a body with a content type.
    func post(_ url: URL, body: Data, contentType: String) async throws -> HTTPAnswer {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        return try await send(request)
    }

    /// POST form fields, URL-encoded (Prometheus accepts queries this way, with no URL length limit).
    func postForm(_ url: URL, fields: [(String, String)]) async throws -> HTTPAnswer {
        let body = fields.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        return try await post(url, body: Data(body.utf8), contentType: "application/x-www-form-urlencoded")
    }

    private func send(_ request: URLRequest) async throws -> HTTPAnswer {
        let urlText = request.url?.absoluteString ?? "?"
        let session = self.session
        let timeout = self.timeout
        return try await withCheckedThrowingContinuation { continuation in
            let task = session.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: Self.liveError(for: error, url: urlText, timeout: timeout))
                    return
                }
                guard let http = response as? HTTPURLResponse else {
                    continuation.resume(throwing: LiveError(url: urlText, kind: .malformedResponse("not an HTTP response")))
                    return
                }
                continuation.resume(returning: HTTPAnswer(status: http.statusCode, body: data ?? Data()))
            }
            task.resume()
        }
    }

    private static func liveError(for error: Error, url: String, timeout: TimeInterval) -> LiveError {
        guard let urlError = error as? URLError else {
            return LiveError(url: url, kind: .unreachable(String(describing: error)))
        }
        switch urlError.code {
        case .timedOut:
            return LiveError(url: url, kind: .timedOut(seconds: timeout))
        case .cannotConnectToHost:
            return LiveError(url: url, kind: .unreachable("connection refused (is the server running?)"))
        case .cannotFindHost, .dnsLookupFailed:
            return LiveError(url: url, kind: .unreachable("unknown host"))
        case .networkConnectionLost:
            return LiveError(url: url, kind: .unreachable("the connection was closed before an answer arrived"))
        default:
            return LiveError(url: url, kind: .unreachable(urlError.localizedDescription))
        }
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

/// Owns a session and invalidates it when the last copy of its client goes away, so that
/// short-lived clients do not leak sessions (a session lives until it is invalidated).
private final class SessionOwner: Sendable {
    let session: URLSession

    init(_ session: URLSession) {
        self.session = session
    }

    deinit {
        session.finishTasksAndInvalidate()
    }
}

/// Joins an API path onto a base URL, keeping any path prefix the base has (e.g. `/prometheus`).
enum Endpoint {
    static func url(_ base: URL, _ path: String) -> URL {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        // The base was validated as an absolute http(s) URL, so appending a fixed path stays valid.
        return URL(string: text + path) ?? base
    }

    /// Validates that a URL string is absolute http or https with a host.
    static func baseURL(_ text: String, service: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
            throw LiveError(url: text, kind: .invalidRequest("\(service) URL must be absolute http:// or https:// with a host"))
        }
        return url
    }
}
