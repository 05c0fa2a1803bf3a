import Foundation
import VigilSeries

/// The key an action is journaled and delivered under: the rule or step, the label set, the
/// firing time, the transition and the action's position in it. The same transition of the
/// same alert always gives the same key, so a restart or a second evaluator that replays it
/// finds the entry already journaled and delivers nothing again.
public struct IdempotencyKey: Codable, Hashable, Sendable, CustomStringConvertible {
    public let text: String

    public init(origin: Action.Origin, labels: Labels, time: Timestamp, position: Int) {
        self.init(origin: origin, labelSet: labels.fingerprint, time: time, position: position)
    }

    /// The key for the label set whose fingerprint is `labelSet`.
    public init(origin: Action.Origin, labelSet: String, time: Timestamp, position: Int) {
        // A rule's key is `rule|labels|trigger|time|position`; others name their kind too.
        let name = origin.kind == .rule ? origin.name : "\(origin.kind.rawValue):\(origin.name)"
        text = [name, labelSet, origin.trigger, String(time), String(position)].joined(separator: "|")
    }

    /// A key read back from the journal.
    public init(text: String) { self.text = text }

    public var description: String { text }

    /// The key as an HTTP header value: label values may hold any character, so everything
    /// but unreserved characters and `|` is percent-encoded (no CR/LF can reach the header).
    public var headerValue: String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~|")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
