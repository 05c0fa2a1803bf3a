/// Expressions on one line, with parentheses exactly where the parser's precedence needs them.
extension FormatPrinter {
    /// Binding strength, mirroring the parser from loosest to tightest. A lambda with an
    /// expression body binds loosest of all: its body would swallow whatever follows it, so
    /// as an operand it is parenthesised. A block body ends at its `}`, like a primary.
    enum Precedence: Int, Comparable {
        case lambda, or, and, not, comparison, additive, multiplicative, negate, postfix, primary
        static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }
    }

    static func precedence(of op: BinaryOp) -> Precedence {
        switch op {
        case .or: .or
        case .and: .and
        case .eq, .ne, .lt, .le, .gt, .ge: .comparison
        case .add, .sub: .additive
        case .mul, .div, .mod: .multiplicative
        }
    }

    static func precedence(of e: Expr) -> Precedence {
        switch e.kind {
        case .lambda(let f):
            if case .block = f.body { .primary } else { .lambda }
        case .binary(let op, _, _): precedence(of: op)
        case .unary(.not, _): .not
        case .unary(.negate, _): .negate
        case .call, .member, .index: .postfix
        default: .primary
        }
    }

    func expr(_ e: Expr, _ indent: Int) -> String {
        switch e.kind {
        case .quantity, .string, .regex: return source(e.range)
        case .bool(let b): return b ? "true" : "false"
        case .none: return "none"
        case .severity(let n): return "P\(n)"
        case .name(let n): return n
        case .list(let items):
            let ranges = items.map(\.range)
            return enclosed("[", "]", items.map { expr($0, indent + 1) }, ranges, open: e.range.start, close: e.range.end,
                            broken: isBroken(open: e.range.start, ranges), indent)
        case .record(let fields):
            let ranges = fields.map { $0.keyRange.union($0.value.range) }
            let parts = fields.map { source($0.keyRange) + ": " + expr($0.value, indent + 1) }
            return enclosed("{", "}", parts, ranges, open: e.range.start, close: e.range.end, broken: isBroken(open: e.range.start, ranges), indent)
        case .unary(.not, let inner): return "not " + operand(inner, at: .not, indent)
        case .unary(.negate, let inner): return "-" + operand(inner, at: .negate, indent)
        case .binary(let op, let l, let r):
            let p = Self.precedence(of: op)
            // Comparisons do not chain, so both sides must bind tighter; the other levels are
            // left-associative, so only the right side needs strictly tighter binding.
            let leftAt = p == .comparison ? Precedence.additive : p
            let rightAt = Precedence(rawValue: p.rawValue + 1) ?? .primary
            return operand(l, at: leftAt, indent) + " " + op.rawValue + " " + operand(r, at: rightAt, indent)
        case .call(let callee, let args):
            let rendered = args.map { a in (a.label.map { $0 + ": " } ?? "") + expr(a.value, indent + 1) }
            let ranges = args.map { a in a.labelRange.map { $0.union(a.value.range) } ?? a.value.range }
            let broken = isBroken(open: callee.range.end, ranges)
            return operand(callee, at: .postfix, indent) + enclosed("(", ")", rendered, ranges, open: callee.range.end, close: e.range.end,
                                                                    broken: broken, indent)
        case .member(let base, let name, _): return operand(base, at: .postfix, indent) + "." + name
        case .index(let base, let i): return operand(base, at: .postfix, indent) + "[" + expr(i, indent) + "]"
        case .lambda(let f): return "fn" + function(f, indent)
        case .invalid: return source(e.range)
        }
    }

    /// `e` as an operand that must bind at least as tightly as `minimum`.
    private func operand(_ e: Expr, at minimum: Precedence, _ indent: Int) -> String {
        let text = expr(e, indent)
        return Self.precedence(of: e) < minimum ? "(" + text + ")" : text
    }

    /// `(a, b = 1) = body` or `(a) { … }`: a lambda or named function after `fn` and its name.
    func function(_ f: FunctionLiteral, _ indent: Int) -> String {
        let params = f.params.map { p in p.name + (p.defaultValue.map { " = " + expr($0, indent) } ?? "") }
        let head = "(" + params.joined(separator: ", ") + ")"
        switch f.body {
        case .expression(let body): return head + " = " + expr(body, indent)
        case .block(let body): return head + " " + block(body, indent)
        }
    }

    /// Items between brackets: on one line, or one per line with a trailing comma when the
    /// author broke them across lines (kept that way, so formatting stays idempotent).
    /// Comments between the items keep their places: own-line ones above the item they
    /// precede, trailing ones after the item's comma.
    private func enclosed(_ open: String, _ close: String, _ parts: [String], _ ranges: [SourceRange], open start: Int, close end: Int,
                          broken: Bool, _ indent: Int) -> String {
        guard broken, !parts.isEmpty else { return open + parts.joined(separator: ", ") + close }
        let inner = pad(indent + 1)
        var out = open + "\n"
        var previousEnd = start
        for (i, part) in parts.enumerated() {
            let range = ranges[i]
            for c in claimComments(from: previousEnd, to: range.start, ownLine: true) { out += inner + c.text + "\n" }
            let boundary = i + 1 < ranges.count ? ranges[i + 1].start : end
            let trailing = claimComments(from: range.end, to: boundary, ownLine: false, line: file.line(of: max(range.start, range.end - 1)))
            out += inner + part + "," + (trailing.isEmpty ? "" : "  " + trailing.map(\.text).joined(separator: " ")) + "\n"
            previousEnd = range.end
        }
        for c in claimComments(from: previousEnd, to: end, ownLine: true) { out += inner + c.text + "\n" }
        return out + pad(indent) + close
    }

    /// True when the first item starts on a later line than its opening bracket, or two
    /// neighbouring items stand on different lines — the author's own line breaks.
    private func isBroken(open: Int, _ ranges: [SourceRange]) -> Bool {
        guard let first = ranges.first else { return false }
        if file.line(of: first.start) > file.line(of: open) { return true }
        for (a, b) in zip(ranges, ranges.dropFirst()) where file.line(of: b.start) > file.line(of: max(a.start, a.end - 1)) {
            return true
        }
        return false
    }

    func list(_ items: [Expr], _ indent: Int) -> String {
        items.map { expr($0, indent) }.joined(separator: ", ")
    }
}
