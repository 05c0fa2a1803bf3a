@testable import VigilSyntax

/// A canonical s-expression of a syntax tree without source ranges, so two parses can be
/// compared structurally (the formatter's round-trip tests rely on it). Quantities print
/// as value, dimension and style; strings by content; comments are not part of the tree.
enum ASTDump {
    static func describe(_ program: Program) -> String {
        program.decls.map(decl).joined(separator: "\n")
    }

    static func describe(_ expr: Expr) -> String { self.expr(expr) }

    // MARK: declarations

    static func decl(_ d: Decl) -> String {
        switch d.kind {
        case .statement(let s): return stmt(s)
        case .import(let i): return "(import \(quote(i.path))\(i.alias.map { " as " + $0 } ?? ""))"
        case .block(let b): return block(b)
        case .rule(let r): return rule(r)
        case .receiver(let r): return "(receiver \(quote(r.name)) \(expr(r.target)))"
        }
    }

    static func block(_ b: BlockDecl) -> String {
        let name = b.name.map { b.kind.nameStyle == .string ? quote($0) : $0 } ?? "_"
        return "(\(b.kind.rawValue) \(name)" + b.items.map { " " + item($0) }.joined() + ")"
    }

    static func item(_ i: BlockItem) -> String {
        switch i.kind {
        case .setting(let s): return setting(s)
        case .binding(let name, _, let value): return "(bind \(name) \(expr(value)))"
        case .signal(let name, _, let value): return "(signal \(name) \(expr(value)))"
        case .rule(let r): return rule(r)
        case .requirement(let r):
            return "(\(r.level.rawValue) \(expr(r.condition))\(r.label.map { " " + quote($0) } ?? ""))"
        case .hook(let event, _, let actions): return "(on \(event)\(list(actions)))"
        case .step(let title, _, let body): return "(step \(quote(title)) \(block(body)))"
        case .trigger(let r): return "(trigger \(rule(r)))"
        case .verify(let condition, let within): return "(verify \(expr(condition)) \(optional(within)))"
        case .latency(let selector, let threshold): return "(latency \(expr(selector)) \(expr(threshold)))"
        case .limit(let amount, let period, _): return "(limit \(expr(amount)) per \(period))"
        case .warnAt(let e): return "(warn-at \(expr(e)))"
        case .seriesData(let selector, let notation): return "(series-data \(expr(selector)) \(expr(notation)))"
        case .expectState(let at, let state, _, let rule): return "(expect-state \(expr(at)) \(state) \(expr(rule)))"
        case .expectAction(let action, let at): return "(expect-action \(expr(action)) \(optional(at)))"
        case .guardrail(.rateLimit(let action, _, let count, let period)):
            return "(limit \(action) to \(expr(count)) per \(expr(period)))"
        case .guardrail(.approvalFor(let action, _)): return "(require-approval \(action))"
        case .guardrail(.approvalAbove(let cost)): return "(require-approval above \(expr(cost)))"
        case .statement(let s): return stmt(s)
        }
    }

    static func setting(_ s: Setting) -> String { "(setting \(s.key)\(list(s.values)))" }

    static func rule(_ r: RuleDecl) -> String {
        var out = "(rule \(r.name.map(quote) ?? "_") \(r.isShorthand ? "shorthand" : "block") \(expr(r.condition))"
        out += " (for \(optional(r.forDuration))) (keep \(optional(r.keepFiringFor))) (every \(optional(r.every)))"
        out += " (then\(list(r.actions))) (resolve\(list(r.resolveActions)))"
        return out + r.settings.map { " " + setting($0) }.joined() + ")"
    }

    // MARK: statements

    static func stmt(_ s: Stmt) -> String {
        switch s.kind {
        case .let(let name, _, let value): return "(let \(name) \(expr(value)))"
        case .assign(let name, _, let op, let value): return "(assign \(name) \(op.rawValue) \(expr(value)))"
        case .expr(let e): return expr(e)
        case .if(let branches, let elseBlock):
            let arms = branches.map { "(\(expr($0.condition)) \(block($0.body)))" }.joined(separator: " ")
            return "(if \(arms)\(elseBlock.map { " (else " + block($0) + ")" } ?? ""))"
        case .for(let name, _, let iterable, let body): return "(for \(name) \(expr(iterable)) \(block(body)))"
        case .return(let value): return "(return \(optional(value)))"
        case .function(let f): return "(fn \(f.name) \(function(f.function)))"
        }
    }

    static func block(_ b: Block) -> String { "(block" + b.stmts.map { " " + stmt($0) }.joined() + ")" }

    static func function(_ f: FunctionLiteral) -> String {
        let params = f.params.map { p in p.defaultValue.map { "(\(p.name) \(expr($0)))" } ?? p.name }
        let body: String
        switch f.body {
        case .expression(let e): body = expr(e)
        case .block(let b): body = block(b)
        }
        return "(params \(params.joined(separator: " "))) \(body)"
    }

    // MARK: expressions

    static func expr(_ e: Expr) -> String {
        switch e.kind {
        case .quantity(let q): return "(q \(q.value) \(q.dimension) \(q.style))"
        case .string(let segments):
            let parts = segments.map { seg -> String in
                switch seg {
                case .text(let t): return quote(t)
                case .interpolation(let e): return "{\(expr(e))}"
                }
            }
            return "(str \(parts.joined(separator: " ")))"
        case .regex(let pattern, let negated): return "(\(negated ? "!~" : "~") \(quote(pattern)))"
        case .bool(let b): return b ? "true" : "false"
        case .none: return "none"
        case .severity(let n): return "P\(n)"
        case .name(let n): return n
        case .list(let items): return "(list\(list(items)))"
        case .record(let fields): return "(record" + fields.map { " (\(quote($0.key)) \(expr($0.value)))" }.joined() + ")"
        case .unary(let op, let operand): return "(\(op.rawValue) \(expr(operand)))"
        case .binary(let op, let l, let r): return "(\(op.rawValue) \(expr(l)) \(expr(r)))"
        case .call(let callee, let args):
            let rendered = args.map { a in a.label.map { "(\($0): \(expr(a.value)))" } ?? expr(a.value) }
            return "(call \(expr(callee))" + rendered.map { " " + $0 }.joined() + ")"
        case .member(let base, let name, _): return "(. \(expr(base)) \(name))"
        case .index(let base, let i): return "(index \(expr(base)) \(expr(i)))"
        case .lambda(let f): return "(lambda \(function(f)))"
        case .invalid: return "(invalid)"
        }
    }

    private static func list(_ items: [Expr]) -> String { items.map { " " + expr($0) }.joined() }
    private static func optional(_ e: Expr?) -> String { e.map(expr) ?? "_" }

    /// Strings print escaped and quoted so that separators inside them stay unambiguous.
    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
