import Foundation

/// A URL as it may be printed: `http://user:secret@host/?token=abc` shows as
/// `http://user:***@host/?token=***`. Every error and log line naming a source URL goes
/// through this, so credentials given on the command line never reach a terminal or CI log.
public enum URLRedaction {
    /// Query parameters whose values are secrets.
    static let secretParameters: Set<String> = [
        "token", "access_token", "auth", "authorization", "key", "api_key", "apikey", "password", "passwd", "secret",
        "signature", "sig", "x-amz-signature", "session", "jwt",
    ]

    public static func masked(_ text: String) -> String {
        guard var components = URLComponents(string: text) else { return text }
        var changed = false
        if components.percentEncodedPassword != nil {
            components.percentEncodedPassword = "***"
            changed = true
        }
        if let items = components.percentEncodedQueryItems {
            components.percentEncodedQueryItems = items.map { item in
                guard item.value != nil, secretParameters.contains(item.name.lowercased()) else { return item }
                changed = true
                return URLQueryItem(name: item.name, value: "***")
            }
        }
        return changed ? (components.string ?? text) : text
    }

    /// The `Authorization` header for credentials written in the URL (`http://user:pw@host`),
    /// sent as HTTP basic authentication.
    static func basicAuthorization(_ components: URLComponents) -> String? {
        guard let user = components.user, !user.isEmpty || components.password != nil else { return nil }
        let pair = user + ":" + (components.password ?? "")
        return "Basic " + Data(pair.utf8).base64EncodedString()
    }
}
