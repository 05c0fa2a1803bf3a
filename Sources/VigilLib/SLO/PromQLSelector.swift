/// The one series selector of an OpenSLO Prometheus query, as `series(…)`. Aggregations and
/// range functions around it (`sum(rate(x{…}[5m]))`, `sum by (l) (increase(x[1h]))`) are
/// read past: an SLO's events are counted over Vigil's own windows. A query with arithmetic,
/// or more than one selector, has no single meaning as an event count and is refused.
struct PromQLSelector {
    struct Failure: Error { let message: String }

    private(set) var name: String?
    private(set) var matchers: [(label: String, op: String, value: String)] = []

    private static let wrappers: Set<String> = ["sum", "rate", "increase", "irate"]
    private static let grouping: Set<String> = ["by", "without"]

    init(_ query: String) throws {
        let chars = Array(query)
        var i = 0, found = 0
        func isStart(_ c: Character) -> Bool { c.isLetter || c == "_" || c == ":" }
        func isPart(_ c: Character) -> Bool { isStart(c) || c.isNumber }
        func skipSpace() { while i < chars.count, chars[i].isWhitespace { i += 1 } }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace || c == "(" || c == ")" || c == "," { i += 1; continue }
            if c == "[" {
                while i < chars.count, chars[i] != "]" { i += 1 }
                i += 1
                continue
            }
            if isStart(c) || c == "{" {
                var word = ""
                while i < chars.count, isPart(chars[i]) { word.append(chars[i]); i += 1 }
                skipSpace()
                if !word.isEmpty, i < chars.count, chars[i] == "(" {
                    if Self.grouping.contains(word) {
                        while i < chars.count, chars[i] != ")" { i += 1 }
                        i += 1
                        continue
                    }
                    guard Self.wrappers.contains(word) else {
                        throw Failure(message: "`\(word)(…)` is not supported: a query must be one series selector, optionally inside sum(rate(…)) or sum(increase(…))")
                    }
                    continue
                }
                found += 1
                guard found == 1 else { throw Failure(message: "a query must name one series selector, found more") }
                name = word.isEmpty ? nil : word
                if i < chars.count, chars[i] == "{" { i += 1; matchers = try Self.matchers(chars, &i) }
                continue
            }
            throw Failure(message: "`\(c)` is not supported: a query must be one series selector, optionally inside sum(rate(…)) or sum(increase(…))")
        }
        guard found == 1 else { throw Failure(message: "a query must name one series selector, found none") }
    }

    /// `label op "value", …}` from after the opening brace through the closing one.
    private static func matchers(_ chars: [Character], _ i: inout Int) throws -> [(String, String, String)] {
        var out: [(String, String, String)] = []
        while true {
            while i < chars.count, chars[i].isWhitespace || chars[i] == "," { i += 1 }
            guard i < chars.count else { throw Failure(message: "unclosed `{`") }
            if chars[i] == "}" { i += 1; return out }
            var label = ""
            while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { label.append(chars[i]); i += 1 }
            while i < chars.count, chars[i].isWhitespace { i += 1 }
            var op = ""
            while i < chars.count, "=!~".contains(chars[i]) { op.append(chars[i]); i += 1 }
            guard !label.isEmpty, ["=", "!=", "=~", "!~"].contains(op) else { throw Failure(message: "a label matcher must be label=\"value\", !=, =~ or !~") }
            while i < chars.count, chars[i].isWhitespace { i += 1 }
            guard i < chars.count, chars[i] == "\"" || chars[i] == "'" else { throw Failure(message: "a label value must be quoted") }
            let quote = chars[i]
            i += 1
            var value = ""
            while i < chars.count, chars[i] != quote {
                if chars[i] == "\\", i + 1 < chars.count { value.append(chars[i]); i += 1 }
                value.append(chars[i])
                i += 1
            }
            guard i < chars.count else { throw Failure(message: "unclosed label value") }
            i += 1
            if label == "__name__", op == "=" { continue }
            out.append((label, op, value))
        }
    }

    /// A histogram named by its bucket or count series is named by its base for `latency`.
    mutating func dropHistogramSuffix() {
        for suffix in ["_bucket", "_count", "_sum"] where name?.hasSuffix(suffix) == true {
            name = String(name!.dropLast(suffix.count))
        }
        matchers.removeAll { $0.label == "le" }
    }

    var vigil: String {
        let quoted = { (text: String) in "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        let parts = matchers.map { m -> String in
            let op = ["=": "", "!=": "!= ", "=~": "~", "!~": "!~"][m.op]!
            return "\(m.label): \(op)\(quoted(m.value))"
        }
        return "series(" + ((name.map { [quoted($0)] } ?? []) + parts).joined(separator: ", ") + ")"
    }
}
