/// Bounds on what a report prints, so hostile or broken input (20 KB of `?`, a minified
/// one-line file) yields a readable report instead of megabytes of errors and snippets.
extension Diagnostic {
    /// The most errors reported for one file; the rest are counted in one closing note.
    public static let maxPerFile = 50
    /// The most characters of a source line shown; a longer line is cut around the caret.
    public static let maxSnippet = 120

    /// `diagnostics` with at most `maxPerFile` kept; when some are dropped, a note at the
    /// first dropped one says how many ("… and 19,950 more errors").
    public static func capped(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard diagnostics.count > maxPerFile else { return diagnostics }
        let dropped = diagnostics[maxPerFile...]
        let errors = dropped.filter { $0.severity == .error }.count
        let noun = errors == dropped.count ? (errors == 1 ? "error" : "errors") : (dropped.count == 1 ? "problem" : "problems")
        let first = dropped.first!
        var note = Diagnostic(.note, "… and \(grouped(dropped.count)) more \(noun)", file: first.file, range: first.range,
                              hint: "fix the errors above first; later ones are often caused by them")
        note.unshownErrors = errors
        return Array(diagnostics.prefix(maxPerFile)) + [note]
    }

    /// The closing count of a report: every error, the unshown ones too ("50 of 73 errors
    /// shown"); nil for a single error, which needs no count.
    public static func errorSummary(_ diagnostics: [Diagnostic]) -> String? {
        let shown = diagnostics.filter { $0.severity == .error }.count
        let total = shown + diagnostics.reduce(0) { $0 + $1.unshownErrors }
        if total == shown { return total > 1 ? "\(total) errors" : nil }
        return "\(grouped(shown)) of \(grouped(total)) errors shown"
    }

    /// `19950` as `19,950`.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }

    /// The part of `line` to show for a caret at column `column` (1-based) spanning `width`
    /// characters: the whole line when short, else a window around the caret marked with
    /// `…` at each cut end. Returns the text, the caret's column within it and its width.
    static func window(of line: String, column: Int, width: Int) -> (text: String, column: Int, width: Int) {
        guard line.utf8.count > maxSnippet else { return (line, column, width) }
        let chars = Array(line)
        guard chars.count > maxSnippet else { return (line, column, width) }
        let caret = min(max(0, column - 1), chars.count)
        let shownWidth = min(width, maxSnippet / 2)
        let lo = max(0, min(caret - maxSnippet / 4, chars.count - maxSnippet))
        let hi = min(chars.count, lo + maxSnippet)
        let head = lo > 0 ? "…" : "", tail = hi < chars.count ? "…" : ""
        let text = head + String(chars[lo..<hi]) + tail
        return (text, caret - lo + 1 + head.count, max(1, min(shownWidth, hi - caret + tail.count)))
    }
}
