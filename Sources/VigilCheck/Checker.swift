import VigilSyntax

/// What the checker found: every static error and warning of a program, sorted by
/// position, and the facts later passes reuse.
public struct CheckResult: Sendable {
    public var diagnostics: [Diagnostic]
    /// The static type of each top-level name (lets, functions, services, slos, budgets, canaries).
    public var topLevelTypes: [String: StaticType]
    /// What every name of the program and of the modules it imports resolved to: what the
    /// compiler compiles.
    public var resolutions: Resolutions
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// The static checker: resolves names, checks units, `baseline`, settings, purity, call
/// cycles and arity, and reports every error of a file in one run, before anything runs.
public struct Checker {
    public static func check(_ program: Program, loader: ModuleLoader?, options: CheckOptions) -> CheckResult {
        check(program, imports: loader.map { loader -> ModuleResolver in { loader.resolve($0, from: $1) } }, options: options)
    }

    /// Checks `program`, finding its imports with `imports`; `globals` are names an earlier
    /// program of the same session defined (the REPL's earlier inputs), visible after the
    /// program's own and its imports'.
    public static func check(_ program: Program, imports: ModuleResolver?, options: CheckOptions,
                             globals: [String] = []) -> CheckResult {
        let pass = CheckPass(program: program, loader: imports, options: options)
        pass.declareSessionGlobals(globals)
        pass.run()
        return CheckResult(diagnostics: pass.sortedDiagnostics(), topLevelTypes: pass.topLevelTypes(), resolutions: pass.resolutions)
    }

    /// Resolves the names of one expression that is not part of a checked program (a REPL
    /// line, code a layer builds), against the session's `globals` and the names the
    /// compiling layer lends (`lent`, a service's signals).
    public static func resolve(_ expression: Expr, in file: SourceFile, options: CheckOptions,
                               globals: [String], lent: [String]) -> Resolutions {
        let pass = CheckPass(program: Program(file: file, decls: []), loader: nil, options: options)
        pass.declareSessionGlobals(globals)
        pass.scope = Scope(parent: pass.globals, frame: FrameLayout(parent: nil))
        for name in lent {
            pass.scope.declare(Symbol(name: name, kind: .signal(service: ""), type: .unknown, file: file, range: expression.range))
        }
        pass.infer(expression)
        return pass.resolutions
    }
}

/// Finds the program an `import` names (`ModuleLoader.resolve`, or the runtime's resolver).
public typealias ModuleResolver = (ImportDecl, SourceFile) -> Result<Program, Diagnostic>

extension CheckPass {
    /// Imports and globals first, so order of declaration does not matter for names; then
    /// function bodies and services (whose signal types the rest relies on); then the rest.
    func run() {
        resolutions.cover(file.path)
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

extension CheckPass {
    /// Declares the session's earlier globals beside the imported names: rebindable, of
    /// unknown type, shadowed by the program's own.
    func declareSessionGlobals(_ names: [String]) {
        for name in names where importScope.lookupHere(name) == nil {
            importScope.declare(Symbol(name: name, kind: .variable, type: .unknown, file: file, range: .none, isRebindable: true))
        }
    }
}
