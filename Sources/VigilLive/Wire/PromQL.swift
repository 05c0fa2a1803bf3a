import VigilSeries

/// Renders Vigil selectors, durations, numbers and times as PromQL / Prometheus API text.
///
/// Everything here is pure text work so it can be tested without a server; the rules follow
/// the PromQL lexer of Prometheus 2.42 (Go string escapes, `ms`…`y` duration units).
public enum PromQL {
    /// Renders matchers as a vector selector, e.g. `{__name__="x", code=~"5.."}`.
    ///
    /// The metric name is written as a `__name__` matcher so that every matcher kind works
    /// for it. Throws when a label name is not a valid Prometheus name or when every matcher
    /// matches the empty string (Prometheus refuses such selectors since they select everything).
    public static func selector(_ matchers: [LabelMatcher]) throws -> String {
        guard !matchers.isEmpty else {
            throw PromQLError(message: "a selector needs at least one label matcher")
        }
        for matcher in matchers where !isValidLabelName(matcher.name) {
            throw PromQLError(message: "\(string(matcher.name)) is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*)")
        }
        guard matchers.contains(where: { !$0.matches(value: "") }) else {
            throw PromQLError(message: "a selector needs at least one matcher that does not match the empty string, e.g. a metric name")
        }
        let parts = matchers.map { "\($0.name)\($0.kind.rawValue)\(string($0.value))" }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// A double-quoted PromQL string literal with Go escapes.
    ///
    /// Regex sources go through this too: `a\.b` becomes `"a\\.b"`, which PromQL unquotes back
    /// to the regex `a\.b`.
    public static func string(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": text += "\\\\"
            case "\"": text += "\\\""
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                text += "\\u" + padded(UInt64(scalar.value), width: 4, radix: 16)
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    /// A PromQL duration in the largest unit that divides it exactly: `5m`, `90s`, `1500ms`.
    public static func duration(_ milliseconds: Milliseconds) throws -> String {
        guard milliseconds > 0 else {
            throw PromQLError(message: "a range must be positive, got \(milliseconds) ms")
        }
        let units: [(Milliseconds, String)] = [
            (7 * TimeUnit.day, "w"), (TimeUnit.day, "d"), (TimeUnit.hour, "h"),
            (TimeUnit.minute, "m"), (TimeUnit.second, "s"),
        ]
        for (size, suffix) in units where milliseconds % size == 0 {
            return "\(milliseconds / size)\(suffix)"
        }
        return "\(milliseconds)ms"
    }

    /// A float literal PromQL reads back exactly (`0.95`, `NaN`, `+Inf`).
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return "\(value)"
    }

    /// A Prometheus API time parameter: Unix seconds with millisecond precision, e.g. `1736942400.125`.
    ///
    /// Written as decimal text (not via Double) so every millisecond round-trips exactly.
    public static func time(_ timestamp: Timestamp) -> String {
        let sign = timestamp < 0 ? "-" : ""
        let magnitude = timestamp.magnitude
        let seconds = magnitude / 1000
        let millis = magnitude % 1000
        return millis == 0 ? "\(sign)\(seconds)" : "\(sign)\(seconds).\(padded(millis, width: 3, radix: 10))"
    }

    /// True for names Prometheus accepts as label names.
    public static func isValidLabelName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return false }
        let isLetter: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "_" }
        return isLetter(first) && name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) }
    }

    private static func padded(_ value: UInt64, width: Int, radix: Int) -> String {
        let digits = String(value, radix: radix)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// A selector or expression that cannot be written as valid PromQL.
public struct PromQLError: Error, Equatable, CustomStringConvertible {
    /// What is wrong, in words fit for a user.
    public let message: String

    public var description: String { message }
}
