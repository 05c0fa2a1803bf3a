import Foundation

/// One HTTP answer: status code and body.
struct HTTPAnswer: Sendable {
    /// How much of an error body goes into an error message.
    static let snippetBytes = 400

    let status: Int
    let body: Data

    /// The start of the body as text, for error messages; long answers are cut.
    var bodySnippet: String {
        let text = String(decoding: body.prefix(Self.snippetBytes), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return body.count > Self.snippetBytes ? text + "…" : text
    }
}
