import VigilCheck
import VigilSyntax

/// The names of the code a program runs (statements, functions, signals, rules) that the
/// checker left without a resolution, as `name@offset`.
enum ResolutionCoverage {
    static func unresolved(in program: Program, _ table: Resolutions) -> [String] {
        var out: [String] = []
        let path = program.file.path
        func expr(_ e: Expr) {
            switch e.kind {
            case .name(let n): if table[path, n, at: e.range] == nil { out.append("\(n)@\(e.range.start)") }
            case .string(let segments): for case .interpolation(let i) in segments { expr(i) }
            case .list(let items): items.forEach(expr)
            case .record(let fields): fields.forEach { expr($0.value) }
            case .unary(_, let x): expr(x)
            case .binary(_, let l, let r): expr(l); expr(r)
            case .call(let c, let args): expr(c); args.forEach { expr($0.value) }
            case .member(let b, _, _): expr(b)
            case .index(let b, let i): expr(b); expr(i)
            case .lambda(let f): function(f)
            default: break
            }
        }
        func function(_ f: FunctionLiteral) {
            f.params.compactMap(\.defaultValue).forEach(expr)
            switch f.body {
            case .expression(let e): expr(e)
            case .block(let b): b.stmts.forEach(stmt)
            }
        }
        func stmt(_ s: Stmt) {
            switch s.kind {
            case .let(_, _, let v), .expr(let v): expr(v)
            case .assign(let n, let r, _, let v):
                if table[path, n, at: r] == nil { out.append("\(n)@\(r.start)") }
                expr(v)
            case .if(let branches, let other):
                for b in branches { expr(b.condition); b.body.stmts.forEach(stmt) }
                other?.stmts.forEach(stmt)
            case .for(_, _, let iterable, let body): expr(iterable); body.stmts.forEach(stmt)
            case .return(let v): v.map(expr)
            case .function(let f): function(f.function)
            }
        }
        func rule(_ r: RuleDecl) {
            expr(r.condition)
            (r.actions + r.resolveActions).forEach(expr)
        }
        for decl in program.decls {
            switch decl.kind {
            case .statement(let s): stmt(s)
            case .rule(let r): rule(r)
            case .block(let b):
                for item in b.items {
                    switch item.kind {
                    case .signal(_, _, let v): expr(v)
                    case .rule(let r): rule(r)
                    case .statement(let s): stmt(s)
                    case .requirement(let r): expr(r.condition)
                    default: break
                    }
                }
            default: break
            }
        }
        return out
    }
}
