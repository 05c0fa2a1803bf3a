import Foundation
import VigilSeries
import VigilSyntax

/// Reads the times a command line takes (`--at`, `--from`, `--to`), in seconds since the
/// Unix epoch: RFC 3339 (`2025-01-15T14:30:00Z`) or a date (`2025-01-15`) with the
/// language's own timestamp literal rules (`@` optional), Unix seconds (`1736951400`), or a
/// duration before `now` (`-1h`, `-30m`, `-1h30m`). Both readers refuse values beyond
/// `TimeSpan` (`--every 1e300s`), which no command could turn into milliseconds.
public enum TimeArgument {
    /// What the error message shows as the accepted forms.
    public static let forms = "2025-01-15T14:30:00Z, 2025-01-15, Unix seconds (1736951400) or -1h (before now)"

    public static func parse(_ text: String, now: Double = Date().timeIntervalSince1970) -> Double? {
        guard let seconds = unbounded(text, now: now), TimeSpan.milliseconds(seconds) != nil else { return nil }
        return seconds
    }

    private static func unbounded(_ text: String, now: Double) -> Double? {
        if text.hasPrefix("-") {
            guard let ago = duration(String(text.dropFirst())) else { return nil }
            return now - ago
        }
        if !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) || isDecimal(text) {
            return Double(text)
        }
        let literal = text.hasPrefix("@") ? text : "@" + text
        guard let q = quantity(literal), q.dimension == .timestamp else { return nil }
        return q.value
    }

    /// A positive duration such as `30s` or `1h30m`, in seconds, read as the language reads it;
    /// at least 1 ms once rounded to milliseconds, as schedules count time.
    public static func duration(_ text: String) -> Double? {
        guard let q = quantity(text), q.dimension == .duration, q.value >= 0.0005,
              TimeSpan.milliseconds(q.value) != nil else { return nil }
        return q.value
    }

    /// What is wrong with a duration argument `duration(_:)` refused, for its error message:
    /// below a millisecond is named as such (`--every 0.1ms`), anything else gets the usual form.
    public static func durationProblem(_ text: String) -> String {
        if let q = quantity(text), q.dimension == .duration, q.value > 0, q.value < 0.0005 { return "must be at least 1ms" }
        return "expects a positive duration such as 30s or 1m"
    }

    private static func quantity(_ text: String) -> Quantity? {
        var lexer = Lexer(file: SourceFile(path: "argument", text: text))
        let tokens = lexer.tokenize()
        guard lexer.diagnostics.isEmpty, tokens.count == 2, case .quantity(let q) = tokens[0].kind else { return nil }
        return q
    }

    /// `1736951400.5`: digits, one point, digits.
    private static func isDecimal(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }
}
