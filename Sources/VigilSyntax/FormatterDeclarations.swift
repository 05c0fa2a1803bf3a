/// Top-level declarations, declaration blocks and their items, and rules.
extension FormatPrinter {
    func node(_ d: Decl) -> FormatNode {
        FormatNode(range: d.range) { [unowned self] indent in self.decl(d, indent) }
    }

    func decl(_ d: Decl, _ indent: Int) -> String {
        switch d.kind {
        case .statement(let s): return stmt(s, indent)
        case .import(let i): return "import " + source(i.pathRange) + (i.alias.map { " as " + $0 } ?? "")
        case .block(let b): return blockDecl(b, indent)
        case .rule(let r): return rule(r, indent)
        case .receiver(let r): return "receiver " + source(r.nameRange) + " " + expr(r.target, indent)
        }
    }

    func blockDecl(_ b: BlockDecl, _ indent: Int) -> String {
        let name = b.nameRange.map { " " + source($0) } ?? ""
        let columns = labelColumns(b.items)
        let items = b.items.enumerated().map { index, item in
            FormatNode(range: item.range) { [unowned self] indent in
                if case .requirement(let r) = item.kind, let column = columns[index] {
                    return self.requirement(r, labelColumn: column, indent)
                }
                return self.item(item, in: b.kind, indent)
            }
        }
        return b.kind.rawValue + name + " " + bracedLines(items, end: b.range.end, indent)
    }

    func item(_ i: BlockItem, in kind: BlockKind, _ indent: Int) -> String {
        switch i.kind {
        case .setting(let s):
            // `prices` holds `operation: price` entries; every other block `key value, value`.
            if kind == .prices { return s.key + ": " + list(s.values, indent) }
            return setting(s, indent)
        case .binding(let name, _, let value): return "\(name) = " + expr(value, indent)
        case .signal(let name, _, let value): return "signal \(name) = " + expr(value, indent)
        case .rule(let r): return rule(r, indent)
        case .requirement(let r):
            return r.level.rawValue + " " + expr(r.condition, indent) + (r.labelRange.map { " " + source($0) } ?? "")
        case .hook(let event, _, let actions): return "on \(event) " + list(actions, indent)
        case .step(_, let titleRange, let body): return "step " + source(titleRange) + " " + block(body, indent)
        case .trigger(let r): return "trigger " + rule(r, indent)
        case .verify(let condition, let within):
            return "verify " + expr(condition, indent) + (within.map { " within " + expr($0, indent) } ?? "")
        case .latency(let selector, let threshold):
            return "latency " + expr(selector, indent) + " below " + expr(threshold, indent)
        case .limit(let amount, let period, _): return "limit " + expr(amount, indent) + " per " + period
        case .warnAt(let e): return "warn at " + expr(e, indent)
        case .seriesData(let selector, let notation): return expr(selector, indent) + " = " + expr(notation, indent)
        case .expectState(let at, let state, _, let rule):
            return "at " + expr(at, indent) + " expect " + state + " " + expr(rule, indent)
        case .expectAction(let action, let at):
            return "expect action " + expr(action, indent) + (at.map { " at " + expr($0, indent) } ?? "")
        case .guardrail(let g): return guardrail(g, indent)
        case .statement(let s): return stmt(s, indent)
        }
    }

    private func guardrail(_ g: GuardrailDecl, _ indent: Int) -> String {
        switch g {
        case .rateLimit(let action, _, let count, let period):
            return "limit \(action) to " + expr(count, indent) + " per " + expr(period, indent)
        case .approvalFor(let action, _): return "require approval for \(action)"
        case .approvalAbove(let cost): return "require approval for actions above " + expr(cost, indent)
        }
    }

    /// A `require`/`warn` line with the keyword padded to `require`'s width and the label
    /// starting at `labelColumn`, so a run of requirements reads as a table.
    private func requirement(_ r: Requirement, labelColumn: Int, _ indent: Int) -> String {
        let head = r.level.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + expr(r.condition, indent)
        guard let label = r.labelRange else { return head }
        return head + String(repeating: " ", count: max(1, labelColumn - head.count)) + source(label)
    }

    /// For each requirement in a run of consecutive one-line requirements (no blank line or
    /// comment between them), the column where its run's labels start.
    private func labelColumns(_ items: [BlockItem]) -> [Int: Int] {
        var columns: [Int: Int] = [:]
        var run: [Int] = []
        func close() {
            let widths = run.compactMap { i -> Int? in
                guard case .requirement(let r) = items[i].kind, r.labelRange != nil else { return nil }
                return 8 + expr(r.condition, 0).count
            }
            let column = (widths.max() ?? 0) + 2
            for i in run { columns[i] = column }
            run = []
        }
        for (i, item) in items.enumerated() {
            guard case .requirement(let r) = item.kind, !expr(r.condition, 0).contains("\n") else { close(); continue }
            if let last = run.last, !adjacent(items[last].range, item.range) { close() }
            run.append(i)
        }
        close()
        return columns
    }

    /// Whether `b` starts on the line after `a` ends, with nothing but white space between.
    private func adjacent(_ a: SourceRange, _ b: SourceRange) -> Bool {
        file.line(of: b.start) == file.line(of: max(a.start, a.end - 1)) + 1 && !hasComments(before: b.start, after: a.end)
    }

    func setting(_ s: Setting, _ indent: Int) -> String {
        if s.key == "exclude", s.values.count >= 2 {
            let ends = s.values.suffix(2).map { expr($0, indent) }
            return (["exclude"] + s.values.dropLast(2).map { expr($0, indent) } + [ends[0], "to", ends[1]]).joined(separator: " ")
        }
        return s.key + " " + list(s.values, indent)
    }

    /// The one-line `when … for … then …` form, or a `rule "name" { … }` block whose clauses
    /// keep their source order, one per line.
    func rule(_ r: RuleDecl, _ indent: Int) -> String {
        if r.isShorthand || r.name == nil {
            var out = "when " + expr(r.condition, indent)
            if let d = r.forDuration { out += " for " + expr(d, indent) }
            if let d = r.keepFiringFor { out += " keep_firing_for " + expr(d, indent) }
            if !r.actions.isEmpty { out += " then " + list(r.actions, indent) }
            if !r.resolveActions.isEmpty { out += " resolve " + list(r.resolveActions, indent) }
            return out
        }
        var clauses: [FormatNode] = []
        func clause(_ range: SourceRange, _ render: @escaping (Int) -> String) {
            clauses.append(FormatNode(range: range, render: render))
        }
        if let e = r.every { clause(e.range) { [unowned self] in "every " + self.expr(e, $0) } }
        if case .invalid = r.condition.kind {} else {
            clause(r.condition.range) { [unowned self] in "when " + self.expr(r.condition, $0) }
        }
        if let d = r.forDuration { clause(d.range) { [unowned self] in "for " + self.expr(d, $0) } }
        if let d = r.keepFiringFor { clause(d.range) { [unowned self] in "keep_firing_for " + self.expr(d, $0) } }
        if let first = r.actions.first, let last = r.actions.last {
            clause(first.range.union(last.range)) { [unowned self] in "then " + self.list(r.actions, $0) }
        }
        if let first = r.resolveActions.first, let last = r.resolveActions.last {
            clause(first.range.union(last.range)) { [unowned self] in "resolve " + self.list(r.resolveActions, $0) }
        }
        for s in r.settings {
            let end = s.values.last?.range.end ?? s.keyRange.end
            clause(SourceRange(s.keyRange.start, end)) { [unowned self] in self.setting(s, $0) }
        }
        let ordered = clauses.enumerated().sorted { ($0.element.range.start, $0.offset) < ($1.element.range.start, $1.offset) }
        let name = r.nameRange.map { source($0) } ?? ""
        return "rule " + name + " " + bracedLines(ordered.map(\.element), end: r.range.end, indent)
    }
}
