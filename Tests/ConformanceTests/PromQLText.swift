import Foundation
import VigilSeries

/// The small pieces of text a PromQL fixture is made of: durations (`5m`, `331s`, `1ms`),
/// label sets (`{job="api", l="a, b"}`), load lines and expected results.
enum PromQLText {
    struct Error: Swift.Error, CustomStringConvertible {
        let description: String
        init(_ message: String) { description = message }
    }

    /// Milliseconds of a duration such as `50m`, `10s`, `1ms` or `1h`.
    static func duration<S: StringProtocol>(_ text: S) -> Int64? {
        let text = text.trimmingCharacters(in: .whitespaces)
        for (suffix, ms) in [("ms", 1.0), ("s", 1000.0), ("m", 60_000.0), ("h", 3_600_000.0)] where text.hasSuffix(suffix) {
            guard let n = Double(text.dropLast(suffix.count)), n >= 0 else { return nil }
            return Int64((n * ms).rounded())
        }
        return nil
    }

    /// `name{a="b"} 0+10x10 stale`: the series' labels (metric name included) and notation.
    static func loadLine(_ text: String) throws -> (Labels, SeriesNotation) {
        var chars = Substring(text)
        let name = chars.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }
        chars = chars.dropFirst(name.count)
        var pairs: [String: String] = [:]
        if chars.first == "{" { pairs = try labelSet(&chars) }
        if !name.isEmpty { pairs[Labels.metricNameLabel] = String(name) }
        guard !pairs.isEmpty else { throw Error("a load line starts with a metric name or a label set") }
        do {
            return (Labels(pairs), try SeriesNotation(chars.trimmingCharacters(in: .whitespaces)))
        } catch {
            throw Error("bad series notation: \(error)")
        }
    }

    /// The expected result from a case's indented lines.
    static func result(_ lines: [String]) throws -> PromQLFixture.Result {
        if lines.count == 1, !lines[0].hasPrefix("{") {
            return lines[0] == "nodata" ? .nodata : .scalar(try scalar(lines[0]))
        }
        var vector: [Labels: PromQLFixture.Scalar] = [:]
        for line in lines {
            var chars = Substring(line)
            guard chars.first == "{" else { throw Error("a vector element reads `{labels} value`, found `\(line)`") }
            let labels = Labels(try labelSet(&chars))
            guard vector[labels] == nil else { throw Error("the label set \(labels.fingerprint) is expected twice") }
            vector[labels] = try scalar(chars.trimmingCharacters(in: .whitespaces))
        }
        return .vector(vector)
    }

    static func scalar(_ text: String) throws -> PromQLFixture.Scalar {
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "nodata": return .nodata
        case "NaN": return .number(.nan)
        case "Inf", "+Inf": return .number(.infinity)
        case "-Inf": return .number(-.infinity)
        default:
            guard let x = Double(text), x.isFinite else { throw Error("expected a value, found `\(text)`") }
            return .number(x)
        }
    }

    /// Reads `{a="b", c="d"}` from the front of `chars`; values may hold commas and escapes.
    static func labelSet(_ chars: inout Substring) throws -> [String: String] {
        chars = chars.dropFirst()
        var pairs: [String: String] = [:]
        while true {
            chars = chars.drop { $0 == " " || $0 == "," }
            if chars.first == "}" {
                chars = chars.dropFirst()
                return pairs
            }
            let name = chars.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            chars = chars.dropFirst(name.count)
            guard !name.isEmpty, chars.first == "=", chars.dropFirst().first == "\"" else {
                throw Error("expected name=\"value\" in a label set, at `\(chars)`")
            }
            chars = chars.dropFirst(2)
            var value = ""
            while let c = chars.first, c != "\"" {
                chars = chars.dropFirst()
                if c == "\\", let escaped = chars.first {
                    value.append(escaped)
                    chars = chars.dropFirst()
                } else {
                    value.append(c)
                }
            }
            guard !chars.isEmpty else { throw Error("unterminated label value") }
            chars = chars.dropFirst()
            pairs[String(name)] = value
        }
    }
}
