/// A bad label matcher, e.g. a regular expression that does not compile.
public struct LabelMatcherError: Error, Equatable, CustomStringConvertible {
    /// What went wrong, in words fit for a user.
    public let message: String

    public var description: String { message }
}

/// A condition on one label: `=`, `!=`, `=~` or `!~`, with Prometheus semantics.
///
/// An absent label matches as the empty string, so `code=""` selects series without `code`.
/// Regular expressions are fully anchored, as in Prometheus: `5..` matches `500`, never `1500`.
public struct LabelMatcher: Hashable, CustomStringConvertible, @unchecked Sendable {
    // @unchecked: Regex<AnyRegexOutput> is not declared Sendable, but the compiled regex is
    // immutable after init and matching does not mutate it.

    /// The four kinds of matcher PromQL has.
    public enum Kind: String, Hashable, Sendable {
        /// `name="value"`
        case equal = "="
        /// `name!="value"`
        case notEqual = "!="
        /// `name=~"regex"`
        case regex = "=~"
        /// `name!~"regex"`
        case notRegex = "!~"
    }

    /// The label name this matcher tests.
    public let name: String
    /// The kind of test.
    public let kind: Kind
    /// The literal value or the regex source as the user wrote it.
    public let value: String
    private let compiled: Regex<AnyRegexOutput>?

    /// Creates a matcher; throws `LabelMatcherError` when a regex does not compile.
    public init(_ name: String, _ kind: Kind, _ value: String) throws {
        self.name = name
        self.kind = kind
        self.value = value
        switch kind {
        case .equal, .notEqual:
            compiled = nil
        case .regex, .notRegex:
            do {
                compiled = try RegexCache.regex(value)
            } catch {
                throw LabelMatcherError(
                    message: "invalid regular expression \(Labels.quote(value)) for label \(name): \(error)")
            }
        }
    }

    /// `name="value"`; never throws.
    public static func equal(_ name: String, _ value: String) -> LabelMatcher {
        // Force-try is safe: equality matchers compile nothing.
        try! LabelMatcher(name, .equal, value)
    }

    /// `__name__="metric"`; never throws.
    public static func metricName(_ metric: String) -> LabelMatcher {
        equal(Labels.metricNameLabel, metric)
    }

    /// True when the label set satisfies this matcher.
    public func matches(_ labels: Labels) -> Bool {
        matches(value: labels[name] ?? "")
    }

    /// True when a label value (empty for an absent label) satisfies this matcher.
    public func matches(value candidate: String) -> Bool {
        switch kind {
        case .equal: return candidate == value
        case .notEqual: return candidate != value
        case .regex: return isWholeMatch(candidate)
        case .notRegex: return !isWholeMatch(candidate)
        }
    }

    private func isWholeMatch(_ candidate: String) -> Bool {
        guard let compiled else { return false }
        // wholeMatch anchors at both ends, which is what Prometheus's ^(?:re)$ wrapping does.
        return (try? compiled.wholeMatch(in: candidate)) != nil
    }

    public var description: String { "\(name)\(kind.rawValue)\(Labels.quote(value))" }

    public static func == (lhs: LabelMatcher, rhs: LabelMatcher) -> Bool {
        lhs.name == rhs.name && lhs.kind == rhs.kind && lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(kind)
        hasher.combine(value)
    }
}
