import Foundation

/// Credentials for a `--source` server taken from the environment, so they stay out of
/// shell history, process listings and CI logs (a URL's `user:pw@` is visible in all three).
///
/// - `VIGIL_SOURCE_TOKEN`: sent as `Authorization: Bearer TOKEN` (Grafana Cloud, Thanos,
///   Mimir and most proxies in front of Prometheus take a bearer token).
/// - `VIGIL_SOURCE_USER` with `VIGIL_SOURCE_PASSWORD`: sent as HTTP basic authentication
///   (Prometheus's own `basic_auth_users`).
///
/// A `user:pw@` written in the URL wins over the environment: the more specific setting.
/// The values are never printed; errors name only the variables.
public enum SourceCredentials {
    public static let tokenVariable = "VIGIL_SOURCE_TOKEN"
    public static let userVariable = "VIGIL_SOURCE_USER"
    public static let passwordVariable = "VIGIL_SOURCE_PASSWORD"

    /// The `Authorization` header value the environment asks for, or nil when it sets none.
    public static func authorization(environment: [String: String], url: String) throws -> String? {
        let token = environment[tokenVariable].flatMap { $0.isEmpty ? nil : $0 }
        let user = environment[userVariable].flatMap { $0.isEmpty ? nil : $0 }
        let password = environment[passwordVariable].flatMap { $0.isEmpty ? nil : $0 }
        func refuse(_ message: String) -> LiveError { LiveError(url: url, kind: .invalidRequest(message)) }
        if token != nil, user != nil || password != nil {
            throw refuse("set either \(tokenVariable) or \(userVariable)/\(passwordVariable), not both")
        }
        if let token {
            guard !token.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                throw refuse("\(tokenVariable) contains a line break")
            }
            return "Bearer " + token
        }
        if password != nil, user == nil { throw refuse("\(passwordVariable) is set without \(userVariable)") }
        guard let user else { return nil }
        guard !user.contains(":") else { throw refuse("\(userVariable) cannot contain `:` (basic authentication separates user and password with it)") }
        return "Basic " + Data((user + ":" + (password ?? "")).utf8).base64EncodedString()
    }
}
