import VigilCheck
import VigilSyntax

/// Runs Vigil programs. One interpreter is one session: successive `load`s (REPL snippets,
/// or a file and its imports) share globals, so `let`s and `fn`s persist between them.
///
///     let vm = Interpreter(options: RunOptions(maxSteps: 1_000_000))
///     vm.output = { line in print(line) }
///     try vm.load(program, resolver: resolve)   // compiles; runs imports
///     try vm.run()                              // runs the top-level statements
///     let gates = try vm.evaluatePolicies()     // for `vigil check`
///
/// Every error thrown is a `RuntimeError` (use `.diagnostic` to render it).
public final class Interpreter {
    /// Turns an `import` into a parsed program; the runtime never reads files itself.
    public typealias ImportResolver = (ImportDecl, SourceFile) -> Result<Program, Diagnostic>

    let machine: Machine
    let globals = GlobalTable()
    private(set) var builtins: [String: Builtin] = [:]
    var functions: [String: UserFunction] = [:]
    private var pending: [(code: Executor, frameSize: Int)] = []
    var policies: [CompiledPolicy] = []
    let modules: ModuleCache
    /// What the checker resolved every name loaded so far to: all the compiler goes by.
    var resolutions = Resolutions()
    /// How a program loaded without a check of its own is checked here (its diagnostics are
    /// not reported, only its resolutions kept); a layer above the core widens the surface
    /// to the engines' builtins.
    public var checkOptions = CheckOptions(available: Set(Feature.allCases))

    /// The declaration blocks (service, canary, slo, policy, …) of every loaded program, in
    /// order, for the layers that execute them.
    public internal(set) var blocks: [(decl: BlockDecl, file: SourceFile)] = []
    /// Top-level rules (`when … then …`, `rule "…" { … }`).
    public internal(set) var rules: [(decl: RuleDecl, file: SourceFile)] = []
    public internal(set) var receivers: [(decl: ReceiverDecl, file: SourceFile)] = []

    /// Where `print` writes; one call per line, without the newline.
    public var output: (String) -> Void {
        get { machine.output }
        set { machine.output = newValue }
    }

    public var options: RunOptions {
        get { machine.options }
        set { machine.options = newValue }
    }

    public convenience init(options: RunOptions = RunOptions()) {
        self.init(machine: Machine(options: options), modules: ModuleCache())
    }

    /// A module shares its importer's machine: compiled code refers to the machine without
    /// owning it, so the machine must outlive every function a module exports.
    /// The user-function calls running now (see `BuiltinCall.callPath`), for per-call-site
    /// state that engines keep outside builtins (`baseline`).
    public var callPath: Int { machine.counter.pointee.callPath }

    init(machine: Machine, modules: ModuleCache) {
        self.machine = machine
        self.modules = modules
        for b in CoreBuiltins.all { builtins[b.name] = b }
    }

    /// How `baseline` is computed outside a canary (see `Machine.baseline`); a layer above
    /// the core installs it once, before programs are loaded.
    public var baselineHook: ((BaselineRequest) throws -> BaselineEvaluator)? {
        get { machine.baseline }
        set { machine.baseline = newValue }
    }

    /// Why values came out as nodata in the current request or policy line, first first (see
    /// `BuiltinCall.noteNodata`); a layer computing values outside builtins adds its own.
    public var nodataReasons: [String] {
        get { machine.nodataReasons }
        set { machine.nodataReasons = newValue }
    }

    /// The one way to get a compiler: names from `environment`, and its `baseline` hook or
    /// else the session's, so every compile path resolves `baseline` alike.
    func makeCompiler(_ file: SourceFile, _ scope: FunctionScope, _ environment: CompileEnvironment = CompileEnvironment()) -> Compiler {
        let compiler = Compiler(file: file, resolutions: resolutions, globals: globals, builtins: builtins, functions: functions,
                                machine: machine, scope: scope)
        compiler.environment = environment
        if environment.baseline == nil { compiler.environment.baseline = machine.baseline }
        return compiler
    }

    /// Adds (or replaces) a builtin; programs loaded afterwards can call it.
    public func register(_ builtin: Builtin) { builtins[builtin.name] = builtin }

    /// The builtin registered under `name`, if any (a core one before a layer replaces it).
    public func builtin(named name: String) -> Builtin? { builtins[name] }

    /// The value of a global, if the session has one by that name.
    public func value(of name: String) -> Value? { globals.slot(of: name).map { globals[$0] } }

    /// Every global in definition order: what an `import` of this program binds.
    public var exports: [(String, Value)] { globals.order.map { ($0, value(of: $0) ?? .none) } }

    /// Compiles a program into the session, as `checked` (the checker's resolutions of it
    /// and its imports) says; a program given without them is checked here first, against
    /// the session's globals, so there is one way names are resolved. Imports are executed
    /// now (each resolved file once) so their names are known; top-level statements wait for
    /// `run()`; top-level functions are bound immediately, so they may be called before
    /// their declaration.
    public func load(_ program: Program, resolver: ImportResolver? = nil, checked: Resolutions? = nil) throws {
        let file = program.file
        resolutions.merge(checked ?? self.resolutions(of: program, resolver: resolver))
        for decl in program.decls {
            if case .import(let imp) = decl.kind { try bindImport(imp, decl.range, file, resolver) }
        }
        for decl in program.decls {
            guard case .statement(let stmt) = decl.kind else { continue }
            switch stmt.kind {
            case .let(let name, _, _): _ = globals.define(name)
            case .function(let fn):
                _ = globals.define(fn.name, isFunction: true)
                functions[fn.name] = UserFunction(name: fn.name, fn.function)
            default: break
            }
        }
        let scope = FunctionScope()
        let compiler = makeCompiler(file, scope)
        for decl in program.decls {
            guard case .statement(let stmt) = decl.kind, case .function(let fn) = stmt.kind,
                  let user = functions[fn.name] else { continue }
            try compiler.compileFunction(fn.function, into: user, nested: false)
            globals[globals.define(fn.name, isFunction: true)] = .function(Function(user: user, captured: nil))
        }
        var codes: [Executor] = []
        for decl in program.decls {
            switch decl.kind {
            case .statement(let stmt): codes.append(try compiler.statement(stmt))
            case .block(let block):
                blocks.append((block, file))
                if block.kind == .policy { policies.append(try compiler.policy(block)) }
            case .rule(let rule): rules.append((rule, file))
            case .receiver(let receiver): receivers.append((receiver, file))
            case .import: break
            }
        }
        pending.append((compiler.sequence(codes), scope.slotCount))
    }

    /// Runs the top-level statements loaded since the last run, within the step budget and
    /// time limit.
    public func run() throws {
        machine.startRun()
        while !pending.isEmpty {
            let (code, size) = pending.removeFirst()
            _ = try code(Frame.make(size: size, parent: nil))
        }
    }

    /// Evaluates one expression against the session's globals (the REPL's entry point). An
    /// expression of a file already checked (a setting of a loaded program's block) compiles
    /// by that check; any other is checked here first.
    public func evaluate(expression: Expr, in file: SourceFile) throws -> Value {
        resolve(expression, in: file, lent: [])
        let scope = FunctionScope()
        let compiler = makeCompiler(file, scope)
        let code = try compiler.expression(expression)
        machine.startRun()
        return try code(Frame.make(size: scope.slotCount, parent: nil))
    }

    /// Evaluates `call`, a call such as `status(period: 1d)`, as a call of the builtin it
    /// names even when the session has a global or function of that name: a command runs
    /// its builtin, not whatever a user's program calls `status`. Nil when `call` is not a
    /// call of a name.
    public func evaluateBuiltinCall(_ call: Expr, in file: SourceFile) throws -> Value? {
        guard case .call(let callee, let args) = call.kind, case .name(let name) = callee.kind else { return nil }
        let scope = FunctionScope()
        let code = try makeCompiler(file, scope).builtinCall(named: name, args, call.range)
        machine.startRun()
        return try code(Frame.make(size: scope.slotCount, parent: nil))
    }
}

extension Interpreter {
    /// The checker's resolutions of `program` and its imports, against the session's
    /// globals: what `load` compiles when it is given none.
    public func resolutions(of program: Program, resolver: ImportResolver?) -> Resolutions {
        Checker.check(program, imports: resolver, options: checkOptions, globals: globals.order).resolutions
    }

    /// Takes the checker's resolutions before `load`, for a layer that compiles a program's
    /// blocks before loading its statements.
    public func adopt(_ checked: Resolutions) { resolutions.merge(checked) }

    /// Checks an expression that no checked program holds (a REPL line, code a layer builds
    /// over a file it never loaded) against the session's globals and the `lent` names, so
    /// it compiles by the checker's resolutions like every other.
    func resolve(_ expression: Expr, in file: SourceFile, lent: [String]) {
        guard !resolutions.covers(file.path) else { return }
        resolutions.merge(Checker.resolve(expression, in: file, options: checkOptions, globals: globals.order, lent: lent))
    }
}
