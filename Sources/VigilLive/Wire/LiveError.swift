/// A failure talking to a live Prometheus, Alertmanager or traffic target, always naming the URL involved.
///
/// Operators read these in a terminal at 3 a.m., so each one says which server, which
/// endpoint and what it answered, rather than a bare "request failed".
public struct LiveError: Error, Equatable, CustomStringConvertible {
    /// What kind of failure this was.
    public enum Kind: Equatable, Sendable {
        /// The request was not sent: a bad argument, e.g. a window of zero or an invalid label name.
        case invalidRequest(String)
        /// No connection could be made (refused, unknown host, network down).
        case unreachable(String)
        /// The server did not answer within the timeout, given in seconds.
        case timedOut(seconds: Double)
        /// The whole run's `--timeout` ran out while this request waited (or before it was sent):
        /// the request's own timeout was not what stopped it.
        case runDeadline
        /// The server answered with a non-success HTTP status; `body` is the start of its answer.
        case httpStatus(code: Int, body: String)
        /// Prometheus answered `status: error` with this `errorType` and `error`.
        case prometheus(errorType: String, message: String)
        /// The answer could not be understood (not JSON, wrong shape, bad numbers).
        case malformedResponse(String)
        /// The answer was larger than the client accepts, in bytes (the configured cap).
        case responseTooLarge(limit: Int)
        /// The TLS handshake failed: an untrusted certificate, a wrong host name, no TLS at all.
        case tls(String)
        /// The server understood the command and refused it, in its own words (HAProxy's
        /// runtime API: "No such server.").
        case commandRefused(String)
    }

    /// The URL the request went to (or would have gone to), credentials masked (`URLRedaction`).
    public let url: String
    /// What went wrong.
    public let kind: Kind

    /// Creates an error for a URL.
    public init(url: String, kind: Kind) {
        self.url = URLRedaction.masked(url)
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case .invalidRequest(let message):
            return "\(url): invalid request: \(message)"
        case .unreachable(let reason):
            return "\(url): cannot connect: \(reason)"
        case .timedOut(let seconds):
            return "\(url): no answer within \(formatSeconds(seconds)) s"
        case .runDeadline:
            return "\(url): the run's --timeout ran out before an answer arrived"
        case .httpStatus(let code, let body):
            let detail = body.isEmpty ? "" : ": \(body)"
            return "\(url): HTTP status \(code)\(detail)"
        case .prometheus(let errorType, let message):
            return "\(url): Prometheus error (\(errorType)): \(message)"
        case .malformedResponse(let detail):
            return "\(url): malformed response: \(detail)"
        case .responseTooLarge(let limit):
            return "\(url): the answer is larger than the limit of \(Self.describe(bytes: limit))"
        case .tls(let message):
            return "\(url): TLS: \(message)"
        case .commandRefused(let answer):
            return "\(url): refused: \(answer)"
        }
    }

    /// `256 MiB`, `1 KiB`, `100 bytes`: a byte count as the limit messages show it.
    static func describe(bytes: Int) -> String {
        for (unit, size) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes >= size && bytes % size == 0 {
            return "\(bytes / size) \(unit)"
        }
        return "\(bytes) bytes"
    }

    private func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
