/// Statements and `{ … }` blocks: one statement per line, `else` on the closing brace's line.
extension FormatPrinter {
    func stmt(_ s: Stmt, _ indent: Int) -> String {
        switch s.kind {
        case .let(let name, _, let value): return "let \(name) = " + expr(value, indent)
        case .assign(let name, _, let op, let value): return "\(name) \(op.rawValue) " + expr(value, indent)
        case .expr(let e): return expr(e, indent)
        case .if(let branches, let elseBlock):
            var out = branches.map { "if " + expr($0.condition, indent) + " " + block($0.body, indent) }
                .joined(separator: " else ")
            if let elseBlock { out += " else " + block(elseBlock, indent) }
            return out
        case .for(let name, _, let iterable, let body):
            return "for \(name) in " + expr(iterable, indent) + " " + block(body, indent)
        case .return(let value): return value.map { "return " + expr($0, indent) } ?? "return"
        case .function(let f): return "fn " + f.name + function(f.function, indent)
        }
    }

    func stmtNode(_ s: Stmt) -> FormatNode {
        FormatNode(range: s.range) { [unowned self] indent in self.stmt(s, indent) }
    }

    /// `{}` when empty, otherwise the statements one per line, indented one level.
    func block(_ b: Block, _ indent: Int) -> String {
        bracedLines(b.stmts.map(stmtNode), end: b.range.end, indent)
    }

    /// The shared layout of every `{ … }`: statements, block items and rule clauses.
    func bracedLines(_ nodes: [FormatNode], end: Int, _ indent: Int) -> String {
        if nodes.isEmpty, !hasComments(before: end) { return "{}" }
        let inner = lines(nodes, indent: indent + 1, until: end)
        return "{\n" + inner.joined(separator: "\n") + "\n" + pad(indent) + "}"
    }
}
