import Foundation
import VigilSeries

/// Sends alerts and silences to an Alertmanager over its v2 HTTP API.
public struct AlertmanagerClient: Sendable {
    /// The server's base URL, e.g. `http://127.0.0.1:9093` (a path prefix is kept).
    public let baseURL: URL
    private let transport: HTTPTransport

    /// Creates a client; `timeout` bounds each request end to end, in seconds, and `trust`
    /// the authorities an `https://` Alertmanager's certificate must chain to.
    public init(baseURL: URL, timeout: TimeInterval = 10, trust: TLSTrust = .system) throws {
        self.baseURL = try Endpoint.baseURL(baseURL.absoluteString, service: "Alertmanager")
        guard timeout > 0, timeout.isFinite else {
            throw LiveError(url: baseURL.absoluteString, kind: .invalidRequest("timeout must be a positive number of seconds"))
        }
        transport = HTTPTransport(timeout: timeout, trust: trust)
    }

    /// Creates a client from URL text such as `http://127.0.0.1:9093`.
    public init(url: String, timeout: TimeInterval = 10, trust: TLSTrust = .system) throws {
        try self.init(baseURL: Endpoint.baseURL(url, service: "Alertmanager"), timeout: timeout, trust: trust)
    }

    /// Posts alerts; alerts with the same label fingerprint are sent once (the last one wins).
    public func post(_ alerts: [Alert]) async throws {
        let url = Endpoint.url(baseURL, "/api/v2/alerts")
        guard !alerts.isEmpty else { return }
        for alert in alerts where alert.labels.isEmpty {
            throw LiveError(url: url.absoluteString, kind: .invalidRequest("an alert needs at least one label"))
        }
        var positionByFingerprint: [String: Int] = [:]
        var unique: [Alert] = []
        for alert in alerts {
            if let position = positionByFingerprint[alert.fingerprint] {
                unique[position] = alert
            } else {
                positionByFingerprint[alert.fingerprint] = unique.count
                unique.append(alert)
            }
        }
        let body = try JSONSerialization.data(withJSONObject: unique.map(\.json), options: [.sortedKeys])
        let answer = try await transport.post(url, body: body, contentType: "application/json")
        try expectSuccess(answer, url: url)
    }

    /// Resolves alerts by posting them with `endsAt` set to `time` (default: now, wall clock).
    public func resolve(_ alerts: [Alert], at time: Timestamp = AlertmanagerClient.wallClockNow()) async throws {
        try await post(alerts.map { alert in
            var ended = alert
            ended.endsAt = time
            return ended
        })
    }

    /// The alerts Alertmanager holds that are not resolved, optionally filtered by matchers.
    public func alerts(matching filter: [SilenceMatcher] = []) async throws -> [ReceivedAlert] {
        var components = URLComponents(url: Endpoint.url(baseURL, "/api/v2/alerts"), resolvingAgainstBaseURL: false)
        if !filter.isEmpty {
            components?.queryItems = filter.map { URLQueryItem(name: "filter", value: Self.filterText($0)) }
        }
        let url = components?.url ?? Endpoint.url(baseURL, "/api/v2/alerts")
        let answer = try await transport.get(url)
        try expectSuccess(answer, url: url)
        return try AlertmanagerDecoding.alerts(answer.body, url: url.absoluteString)
    }

    /// Creates a silence and answers its ID.
    public func createSilence(_ silence: Silence) async throws -> String {
        let url = Endpoint.url(baseURL, "/api/v2/silences")
        guard !silence.matchers.isEmpty else {
            throw LiveError(url: url.absoluteString, kind: .invalidRequest("a silence needs at least one matcher"))
        }
        guard silence.endsAt > silence.startsAt else {
            throw LiveError(url: url.absoluteString, kind: .invalidRequest("a silence must end after it starts"))
        }
        let body = try JSONSerialization.data(withJSONObject: silence.json, options: [.sortedKeys])
        let answer = try await transport.post(url, body: body, contentType: "application/json")
        try expectSuccess(answer, url: url)
        return try AlertmanagerDecoding.silenceID(answer.body, url: url.absoluteString)
    }

    /// Every silence Alertmanager holds, expired ones included.
    public func silences() async throws -> [ReceivedSilence] {
        let url = Endpoint.url(baseURL, "/api/v2/silences")
        let answer = try await transport.get(url)
        try expectSuccess(answer, url: url)
        return try AlertmanagerDecoding.silences(answer.body, url: url.absoluteString)
    }

    /// Deletes (expires) a silence by ID.
    public func deleteSilence(id: String) async throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-"))
        guard !id.isEmpty, id.unicodeScalars.allSatisfy({ allowed.contains($0) }) else {
            throw LiveError(url: Endpoint.url(baseURL, "/api/v2/silence/").absoluteString,
                            kind: .invalidRequest("silence ID \(PromQL.string(id)) is not a UUID"))
        }
        let url = Endpoint.url(baseURL, "/api/v2/silence/\(id)")
        let answer = try await transport.delete(url)
        try expectSuccess(answer, url: url)
    }

    /// Milliseconds since the epoch on this machine's clock.
    public static func wallClockNow() -> Timestamp {
        Timestamp((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    private func expectSuccess(_ answer: HTTPAnswer, url: URL) throws {
        guard (200..<300).contains(answer.status) else {
            throw LiveError(url: url.absoluteString, kind: .httpStatus(code: answer.status, body: answer.bodySnippet))
        }
    }

    /// Alertmanager's filter syntax: `name="value"`, `name!~"regex"`, …
    private static func filterText(_ matcher: SilenceMatcher) -> String {
        let operatorText: String
        switch (matcher.isEqual, matcher.isRegex) {
        case (true, false): operatorText = "="
        case (false, false): operatorText = "!="
        case (true, true): operatorText = "=~"
        case (false, true): operatorText = "!~"
        }
        return "\(matcher.name)\(operatorText)\(PromQL.string(matcher.value))"
    }
}
