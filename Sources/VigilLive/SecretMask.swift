import Foundation

/// Hides credentials in URLs and headers before they reach a message, a log or a journal.
///
/// Receivers carry their secrets in many places: `user:pass@` in the URL, `?token=` in the
/// query, a token as a path segment (Slack's and Discord's webhook URLs), an `Authorization`
/// or API-key header. Everything Vigil prints about a request goes through here first.
public enum SecretMask {
    /// What a hidden value is replaced with.
    public static let mask = "***"

    /// The URL with its password, secret-looking query values and token-like path segments
    /// replaced by `***`; the scheme, host, port and the rest of the path stay readable.
    public static func url(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.host != nil else { return text }
        // Only what is masked is rewritten, so every other URL prints exactly as written.
        var changed = false
        if components.user != nil || components.password != nil {
            // The user name alone can be the credential (`https://APIKEY@host`).
            components.percentEncodedPassword = nil
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
        return changed ? components.string ?? text : text
    }

    /// The headers with the values of credential headers (`Authorization`, API keys,
    /// cookies, anything naming a token or secret) replaced by `***`.
    public static func headers(_ headers: [(String, String)]) -> [(String, String)] {
        headers.map { name, value in isSecretName(name) ? (name, mask) : (name, value) }
    }

    /// Whether a header or query parameter name says its value is a credential.
    public static func isSecretName(_ name: String) -> Bool {
        let lower = name.lowercased()
        if ["authorization", "proxy-authorization", "cookie", "set-cookie", "code", "sig"].contains(lower) { return true }
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
}
