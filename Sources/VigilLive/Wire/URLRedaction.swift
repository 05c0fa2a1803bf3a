import Foundation

/// A URL or header list as it may be printed: `https://user:secret@host/?token=abc` shows as
/// `https://user:***@host/?token=***`. Every error, log line and journal row naming a source or
/// receiver goes through this, so credentials never reach a terminal or CI log.
///
/// Receivers carry secrets in many places: `user:pass@` (or a bare `APIKEY@`) in the URL,
/// `?token=` in the query, a token as a path segment (Slack's and Discord's webhook URLs), an
/// `Authorization` or API-key header.
public enum URLRedaction {
    /// What a hidden value is replaced with.
    public static let mask = "***"

    /// The URL with its password (or a user name given alone, which is then the credential),
    /// secret-looking query values and token-like path segments replaced by `***`; the scheme,
    /// host, port and the rest of the path stay readable. Only what is masked is rewritten, so
    /// every other URL prints exactly as written.
    public static func masked(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.host != nil else { return text }
        var changed = false
        if components.percentEncodedPassword != nil {
            components.percentEncodedPassword = mask
            changed = true
        } else if components.percentEncodedUser != nil {
            // `https://APIKEY@host`: the user name alone is the credential.
            components.percentEncodedUser = mask
            changed = true
        }
        if let items = components.percentEncodedQueryItems, items.contains(where: { isSecretName($0.name) && $0.value != nil }) {
            components.percentEncodedQueryItems = items.map { item in
                isSecretName(item.name) && item.value != nil ? URLQueryItem(name: item.name, value: mask) : item
            }
            changed = true
        }
        let segments = components.percentEncodedPath.split(separator: "/", omittingEmptySubsequences: false)
        if segments.contains(where: looksLikeToken) {
            components.percentEncodedPath = segments.map { looksLikeToken($0) ? mask : String($0) }.joined(separator: "/")
            changed = true
        }
        return changed ? (components.string ?? text) : text
    }

    /// Whether a header or query parameter name says its value is a credential.
    public static func isSecretName(_ name: String) -> Bool {
        let lower = name.lowercased()
        if ["authorization", "proxy-authorization", "cookie", "set-cookie", "code", "sig", "jwt"].contains(lower) { return true }
        return ["token", "secret", "password", "passwd", "key", "signature", "auth", "credential", "session"]
            .contains { lower.contains($0) }
    }

    /// A path segment that is a random-looking credential: long, and made of letters and
    /// digits mixed (Slack's `T0000/B0000/XXXXXXXX`, Discord's tokens), not a word or a number.
    static func looksLikeToken(_ segment: Substring) -> Bool {
        guard segment.count >= 20 else { return false }
        var letters = false, digits = false
        for character in segment {
            if character.isLetter { letters = true }
            else if character.isNumber { digits = true }
            else if character != "-" && character != "_" && character != "." { return false }
        }
        return letters && digits
    }

    /// The `Authorization` header for credentials written in the URL (`http://user:pw@host`),
    /// sent as HTTP basic authentication.
    static func basicAuthorization(_ components: URLComponents) -> String? {
        guard let user = components.user, !user.isEmpty || components.password != nil else { return nil }
        let pair = user + ":" + (components.password ?? "")
        return "Basic " + Data(pair.utf8).base64EncodedString()
    }
}
