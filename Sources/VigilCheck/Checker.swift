import VigilSyntax

/// What the checker found: every static error and warning of a program, sorted by
/// position, and the facts later passes reuse.
public struct CheckResult: Sendable {
    public var diagnostics: [Diagnostic]
    /// The static type of each top-level name (lets, functions, services, slos, budgets, canaries).
    public var topLevelTypes: [String: StaticType]
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// The static checker: resolves names, checks units, `baseline`, settings, purity, call
/// cycles and arity, and reports every error of a file in one run, before anything runs.
public struct Checker {
    public static func check(_ program: Program, loader: ModuleLoader?, options: CheckOptions) -> CheckResult {
        let pass = CheckPass(program: program, loader: loader, options: options)
        pass.run()
        return CheckResult(diagnostics: pass.sortedDiagnostics(), topLevelTypes: pass.topLevelTypes())
    }
}

extension CheckPass {
    /// Imports and globals first, so order of declaration does not matter for names; then
    /// function bodies and services (whose signal types the rest relies on); then the rest.
    func run() {
        collectImports()
        collectGlobals()
        for decl in program.decls {
            if case .statement(let stmt) = decl.kind, case .function(let f) = stmt.kind { checkFunction(f) }
        }
        for decl in program.decls {
            if case .block(let b) = decl.kind, b.kind == .service { checkBlockDecl(b) }
        }
        for decl in program.decls {
            switch decl.kind {
            case .statement(let stmt):
                if case .function = stmt.kind { continue }
                withContext({ $0.topLevelStatement = stmt.range }) { checkStmt(stmt) }
            case .import:
                continue
            case .block(let b):
                if b.kind != .service { checkBlockDecl(b) }
            case .rule(let rule):
                checkRule(rule)
            case .receiver(let receiver):
                require(.actions, for: "receivers are", SourceRange(decl.range.start, decl.range.start + 8))
                if case .call = receiver.target.kind { infer(receiver.target) } else {
                    infer(receiver.target)
                    error("a receiver needs a delivery target", receiver.target.range,
                          expected: "alertmanager(\"http://127.0.0.1:9093\") or webhook(\"https://…\")")
                }
            }
        }
        reportCallCycles()
        reportImpureCalls()
        reportUsesBeforeDefinition()
    }

    func sortedDiagnostics() -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.file.path != y.file.path { return x.file.path < y.file.path }
            if x.range.start != y.range.start { return x.range.start < y.range.start }
            return a.offset < b.offset
        }.map(\.element)
    }

    func topLevelTypes() -> [String: StaticType] {
        var out: [String: StaticType] = [:]
        for name in globals.visibleNames {
            if let symbol = globals.lookupHere(name) { out[name] = type(of: symbol) }
        }
        return out
    }
}
