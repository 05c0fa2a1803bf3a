/// Comments and blank lines: own-line comments go before the element they precede,
/// trailing comments to the end of their element's line, and runs of blank lines between
/// elements collapse to one.
extension FormatPrinter {
    /// Lays out `nodes` one per line at `indent`, with their comments; comments left before
    /// `end` (the container's closing brace or the end of the file) close the list.
    func lines(_ nodes: [FormatNode], indent: Int, until end: Int) -> [String] {
        var out: [String] = []
        var lastEnd: Int? = nil
        for (i, node) in nodes.enumerated() {
            out += ownLineComments(before: node.range.start, indent: indent, lastEnd: &lastEnd)
            if let last = lastEnd, hasBlankLine(from: last, to: node.range.start) { out.append("") }
            var line = pad(indent) + node.render(indent)
            let boundary = i + 1 < nodes.count ? nodes[i + 1].range.start : end
            let trailing = trailingComments(of: node.range, before: boundary)
            if !trailing.isEmpty { line += "  " + trailing.map(\.text).joined(separator: " ") }
            out.append(line)
            lastEnd = max(node.range.end, trailing.last?.range.end ?? 0)
        }
        out += ownLineComments(before: end, indent: indent, lastEnd: &lastEnd)
        return out
    }

    /// Whether any comment is still unprinted before `offset` (an empty block keeps its lines for them).
    func hasComments(before offset: Int) -> Bool {
        while claimed.contains(nextComment) { nextComment += 1 }
        return nextComment < comments.count && comments[nextComment].range.start < offset
    }

    /// Takes the comments in `[from, to)` that are own-line (or trailing on `line`), so a
    /// multi-line list prints them beside its items. Claiming is idempotent: rendering the
    /// same list twice yields the same text.
    func claimComments(from start: Int, to end: Int, ownLine: Bool, line: Int? = nil) -> [Comment] {
        var out: [Comment] = []
        // Comments are sorted, so the scan starts at the cursor and stops at `end`: a file
        // with many comments and lists stays linear.
        var i = max(nextComment, firstComment(atOrAfter: start))
        while i < comments.count, comments[i].range.start < end {
            defer { i += 1 }
            let c = comments[i]
            if c.ownLine != ownLine { continue }
            if let line, file.line(of: c.range.start) != line { continue }
            claimed.insert(i)
            out.append(c)
        }
        return out
    }

    /// Whether a comment (printed or not) lies between two offsets.
    func hasComments(before end: Int, after start: Int) -> Bool {
        let i = firstComment(atOrAfter: start)
        return i < comments.count && comments[i].range.start < end
    }

    /// The index of the first comment starting at or after `offset` (binary search).
    private func firstComment(atOrAfter offset: Int) -> Int {
        var lo = 0, hi = comments.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if comments[mid].range.start < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private func ownLineComments(before offset: Int, indent: Int, lastEnd: inout Int?) -> [String] {
        var out: [String] = []
        while hasComments(before: offset) {
            let comment = comments[nextComment]
            nextComment += 1
            if let last = lastEnd, hasBlankLine(from: last, to: comment.range.start) { out.append("") }
            out.append(pad(indent) + comment.text)
            lastEnd = comment.range.end
        }
        return out
    }

    /// Comments inside the element that nothing nested claimed (they sat inside an
    /// expression that now prints on one line), then the comment ending the element's line.
    private func trailingComments(of range: SourceRange, before boundary: Int) -> [Comment] {
        var taken: [Comment] = []
        while hasComments(before: range.end) {
            taken.append(comments[nextComment])
            nextComment += 1
        }
        while claimed.contains(nextComment) { nextComment += 1 }
        if nextComment < comments.count {
            let comment = comments[nextComment]
            let lastLine = file.line(of: max(range.start, range.end - 1))
            if !comment.ownLine, comment.range.start < boundary, file.line(of: comment.range.start) == lastLine {
                taken.append(comment)
                nextComment += 1
            }
        }
        return taken
    }

    private func hasBlankLine(from start: Int, to end: Int) -> Bool {
        guard start < end else { return false }
        var newlines = 0
        for b in file.bytes[max(0, start)..<min(end, file.bytes.count)] {
            if b == UInt8(ascii: "\n") { newlines += 1 } else if b != UInt8(ascii: " "), b != UInt8(ascii: "\t"), b != UInt8(ascii: "\r") {
                newlines = 0
            }
            if newlines >= 2 { return true }
        }
        return false
    }
}
