/// One problem found in a source file, with enough context to fix it.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    public var severity: Severity
    public var message: String
    public var file: SourceFile
    public var range: SourceRange
    /// What would have been valid here, e.g. "a duration such as `5m`".
    public var expected: String?
    /// A suggestion, e.g. "did you mean `error_rate`?".
    public var hint: String?
    /// On the note that closes a capped report: how many errors it stands for.
    public var unshownErrors = 0

    public init(_ severity: Severity = .error, _ message: String, file: SourceFile, range: SourceRange,
                expected: String? = nil, hint: String? = nil) {
        self.severity = severity
        self.message = message
        self.file = file
        self.range = range
        self.expected = expected
        self.hint = hint
    }

    public var location: SourceLocation { file.location(of: range.start) }

    /// `file:line:col: error: message` — the first line of the rendering.
    public var headline: String { headline(path: file.path) }

    /// The headline naming the file as `path` (the command line shows paths relative to
    /// the working directory).
    public func headline(path: String) -> String { "\(path):\(location): \(severity.rawValue): \(message)" }

    public var description: String { render() }

    /// The full report: headline (naming the file as `path`, by default its own path), the
    /// source line, a caret under the span, expected and hint.
    public func render(path: String? = nil) -> String {
        let loc = location
        let lineText = file.lineText(loc.line)
        let gutter = String(loc.line)
        let pad = String(repeating: " ", count: gutter.count)
        let lineEnd = file.location(of: range.end)
        let width: Int
        if lineEnd.line == loc.line { width = max(1, lineEnd.column - loc.column) } else {
            width = max(1, lineText.count - loc.column + 1)
        }
        let shown = Self.window(of: lineText, column: loc.column, width: width)
        let leading = String(shown.text.prefix(shown.column - 1).map { $0 == "\t" ? "\t" : " " })
        var out = headline(path: path ?? file.path) + "\n"
        out += "\(pad) |\n"
        out += "\(gutter) | \(shown.text)\n"
        out += "\(pad) | \(leading)\(String(repeating: "^", count: shown.width))"
        if let expected { out += "\n\(pad) = expected \(expected)" }
        if let hint { out += "\n\(pad) = hint: \(hint)" }
        return out
    }
}

/// Suggests the closest known name for a misspelling ("did you mean …").
public enum Spelling {
    public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        var best: (String, Int)? = nil
        let limit = max(1, name.count / 3)
        for c in candidates where c != name {
            let d = distance(name, c)
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
        }
        return best?.0
    }

    /// Levenshtein distance over characters, case-insensitive.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count), cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }

    /// The hint text for a suggestion, or nil.
    public static func hint(for name: String, in candidates: some Sequence<String>) -> String? {
        closest(to: name, in: candidates).map { "did you mean `\($0)`?" }
    }
}
