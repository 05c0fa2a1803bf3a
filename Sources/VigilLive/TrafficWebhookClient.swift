import Foundation

/// Asks a traffic router behind a webhook to move a canary's weights: POSTs
/// `{"canary": …, "stable": …, "candidate": …, "weights": {"v1": 90, "v2": 10}}` with an
/// `Idempotency-Key` header, so a router that saw the key already does not apply it twice.
///
/// A webhook cannot be read back as HAProxy can, so its answer is the verification: any
/// status other than 2xx fails, and an answer that is a JSON object with `weights` must
/// echo the weights sent (a router that applied something else is a failure, not a success).
///
/// The request goes through `DeliveryHTTPClient`, the client every delivery uses: http or
/// https with the certificate verified against the system's or `--ca-file` authorities, no
/// redirects, a deadline and a size cap.
public struct TrafficWebhookClient: Sendable {
    public let url: URL
    public let timeout: TimeInterval
    let http: DeliveryHTTPClient

    /// The largest answer a router may give (it echoes a few weights).
    static let maxAnswerBytes = 1 << 20

    public init(url: String, timeout: TimeInterval = 10, trust: TLSTrust = .system) throws {
        self.url = try Endpoint.baseURL(url, service: "the traffic webhook")
        guard timeout > 0, timeout.isFinite else {
            throw LiveError(url: url, kind: .invalidRequest("timeout must be a positive number of seconds"))
        }
        self.timeout = timeout
        http = DeliveryHTTPClient(trust: trust, maxResponseBytes: Self.maxAnswerBytes, timeout: timeout)
    }

    /// The URL as the timeline and the journal show it: credentials and tokens masked.
    public var shownURL: String { URLRedaction.masked(url.absoluteString) }

    /// What came back: whether the router echoed the weights (verified) or only acknowledged them.
    public enum Confirmation: Equatable, Sendable {
        case echoed
        case acknowledged(status: Int)
    }

    /// Sends the weights (whole percents by version); throws `LiveError` on anything but a 2xx
    /// answer that agrees with them.
    public func send(canary: String, stable: String, candidate: String, weights: [String: Int],
                     idempotencyKey: String) async throws -> Confirmation {
        let body: [String: Any] = ["canary": canary, "stable": stable, "candidate": candidate, "weights": weights]
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        let response = try await http.post(url: url.absoluteString, headers: [
            ("Content-Type", "application/json"), ("Accept", "application/json"), ("Idempotency-Key", idempotencyKey),
        ], body: data, timeout: timeout)
        let answer = HTTPAnswer(status: response.status, body: response.body)
        guard (200..<300).contains(answer.status) else {
            throw LiveError(url: url.absoluteString, kind: .httpStatus(code: answer.status, body: answer.bodySnippet))
        }
        guard let object = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any],
              let echoed = object["weights"] else { return .acknowledged(status: answer.status) }
        let applied = (echoed as? [String: Any])?.compactMapValues { ($0 as? NSNumber)?.doubleValue }
        guard let applied, applied.count == weights.count,
              weights.allSatisfy({ applied[$0.key] == Double($0.value) }) else {
            throw LiveError(url: url.absoluteString, kind: .malformedResponse(
                "the router answered weights \(answer.bodySnippet), not the weights sent \(Self.describe(weights))"))
        }
        return .echoed
    }

    static func describe(_ weights: [String: Int]) -> String {
        weights.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)%" }.joined(separator: ", ")
    }
}
