import VigilCheck
import VigilSyntax

/// Turns checked syntax into Swift closures. Each name is compiled as the checker resolved
/// it (`Resolutions`): a local to its frame slot, a global to a fixed chunk and offset, a
/// builtin or top-level function to a direct reference, so running the closures never
/// looks a name up by string.
final class Compiler {
    let file: SourceFile
    /// What the checker resolved each name to; a name it did not resolve is unknown here.
    let resolutions: Resolutions
    let globals: GlobalTable
    let builtins: [String: Builtin]
    /// Top-level functions by name, so calls to them bind arguments at compile time.
    var functions: [String: UserFunction]
    unowned(unsafe) let machine: Machine
    var scope: FunctionScope
    /// Names and `baseline` lent by the layer compiling this code (see `CompileEnvironment`).
    var environment = CompileEnvironment()
    /// While compiling the side of a comparison that holds `baseline`: the other side.
    var baselineSubject: Expr?
    /// The comparisons compiled to kernels, by where they stand.
    var kernels: [(range: SourceRange, kernel: ComparisonKernel)] = []

    init(file: SourceFile, resolutions: Resolutions, globals: GlobalTable, builtins: [String: Builtin],
         functions: [String: UserFunction], machine: Machine, scope: FunctionScope) {
        self.file = file
        self.resolutions = resolutions
        self.globals = globals
        self.builtins = builtins
        self.functions = functions
        self.machine = machine
        self.scope = scope
    }

    func site(_ range: SourceRange) -> Site { Site(file: file, range: range) }

    func text(_ range: SourceRange) -> String { file.slice(range) }

    func error(_ message: String, _ range: SourceRange, hint: String? = nil) -> RuntimeError {
        RuntimeError(message, hint: hint, file: file, range: range)
    }

    // MARK: names

    /// What the checker resolved `name` at `range` to, bound to where it lives here: the
    /// frame slot the checker laid the local out in, a global's slot, the builtin the checker
    /// chose, a name the environment lends. Nil when the checker did not resolve it.
    func resolve(_ name: String, _ range: SourceRange) -> Binding? {
        switch resolutions[file.path, name, at: range] {
        case .local(let depth, let slot)?: return scope.holds(depth: depth, slot: slot) ? .local(depth: depth, slot: slot) : nil
        case .global?: return globals.slot(of: name).map { .global(slot: $0) }
        case .builtin(let declared, let overloads)?: return builtins[declared].map { .builtin($0.narrowed(to: overloads)) }
        case .lent?: return environment.names[name].map { .external($0) }
        case .baseline?: return environment.baseline.map { .baseline($0) }
        case nil: return nil
        }
    }

    /// Whether `e` is the name `baseline` resolved as the baseline form.
    func isBaseline(_ e: Expr) -> Bool {
        guard case .name(let name) = e.kind else { return false }
        return resolutions[file.path, name, at: e.range] == .baseline
    }

    func unknownName(_ name: String, _ range: SourceRange) -> RuntimeError {
        let candidates = globals.order + builtins.keys
        return error("unknown name `\(name)`", range, hint: Spelling.hint(for: name, in: candidates))
    }

    /// Code that reads a name.
    func read(_ name: String, _ range: SourceRange) throws -> Evaluator {
        guard let binding = resolve(name, range) else { throw unknownName(name, range) }
        switch binding {
        case .baseline(let hook):
            guard let subject = baselineSubject else {
                // The checker's words: code whose errors were not reported (the REPL) still stops here.
                throw error("`baseline` cannot stand here", range,
                            hint: "use it as an operand of a comparison with a signal, as in `error_rate > baseline + 0.5%`, "
                                + "or call it explicitly: baseline(error_rate, window: 7d, method: \"median\")")
            }
            return try baselineCode(hook, BaselineRequest(subject: subject, file: file, range: range, window: nil, method: nil))
        case .local(0, let slot):
            return { f in f[slot] }
        case .local(let depth, let slot):
            return { f in f.outer(depth)[slot] }
        case .global(let slot):
            let (chunk, i) = globals.location(slot)
            return { _ in chunk[i] }
        case .builtin(let b):
            let value = Value.function(Function(builtin: b))
            return { _ in value }
        case .external(let thunk):
            return { _ in try thunk() }
        }
    }

    /// What `baseline` stands for while compiling the operands of `lhs op rhs`: in a
    /// comparison `S op … baseline …` (either side) it is S; otherwise it does not change.
    func baselineSubject(_ op: BinaryOp, _ lhs: Expr, _ rhs: Expr) -> Expr? {
        guard op.isComparison, environment.baseline != nil else { return baselineSubject }
        if mentionsBaseline(rhs) { return lhs }
        if mentionsBaseline(lhs) { return rhs }
        return baselineSubject
    }

    /// `baseline` of `request.subject`: the subject compiled here, handed to the hook's
    /// evaluator each time so it can evaluate it at other times or versions.
    func baselineCode(_ hook: (BaselineRequest) throws -> BaselineEvaluator, _ request: BaselineRequest) throws -> Evaluator {
        let saved = baselineSubject
        baselineSubject = nil
        defer { baselineSubject = saved }
        let subject = try expression(request.subject)
        let compute = try hook(request)
        return { f in try compute({ try subject(f) }) }
    }

    /// Where an assignment or `let` stores.
    enum Target {
        /// A slot of the current frame.
        case slot(Int)
        /// A global: its chunk (which never moves) and the slot in it.
        case global(Frame, Int)
        case other((Frame, Value) -> Void)
    }

    /// Code that stores into an existing binding (assignment); `fn` names and builtins are not variables.
    func write(_ name: String, _ range: SourceRange) throws -> (Frame, Value) -> Void {
        switch try writeTarget(name, range) {
        case .slot(let slot): return { f, v in f[slot] = v }
        case .global(let chunk, let i): return { _, v in chunk[i] = v }
        case .other(let store): return store
        }
    }

    /// Where an assignment to `name` stores; throws for names that are not variables.
    func writeTarget(_ name: String, _ range: SourceRange) throws -> Target {
        guard let binding = resolve(name, range) else {
            throw error("cannot assign to `\(name)`: it is not declared", range, hint: "declare it first with `let \(name) = …`")
        }
        switch binding {
        case .local(0, let slot):
            return .slot(slot)
        case .local(let depth, let slot):
            return .other({ f, v in f.outer(depth)[slot] = v })
        case .global(let slot):
            if globals.functions.contains(name) { throw error("cannot assign to function `\(name)`", range) }
            let (chunk, i) = globals.location(slot)
            return .global(chunk, i)
        case .builtin, .baseline:
            throw error("cannot assign to the builtin `\(name)`", range)
        case .external:
            throw error("cannot assign to `\(name)`: it is a signal", range)
        }
    }

    /// Where `let name` stores: the global of that name when the checker resolved the
    /// declaration as a global (a top-level `let`), else the slot it gave the declaration.
    func declareTarget(_ name: String, _ range: SourceRange) throws -> Target {
        if declaresGlobal(name, range) {
            let (chunk, i) = globals.location(globals.define(name))
            return .global(chunk, i)
        }
        return .slot(try declaredSlot(name, range))
    }

    /// Whether the declaration of `name` at `range` is a top-level one, which defines a global.
    func declaresGlobal(_ name: String, _ range: SourceRange) -> Bool {
        resolutions[file.path, name, at: range] == .global
    }

    /// The slot of the current frame the checker gave the local declared by `name` at
    /// `range` (a `let`, parameter, loop variable or nested `fn`).
    func declaredSlot(_ name: String, _ range: SourceRange) throws -> Int {
        // The checker refuses a second declaration in one scope and gives it no slot.
        guard case .local(0, let slot)? = resolutions[file.path, name, at: range] else {
            throw error("`\(name)` is already defined", range)
        }
        scope.use(slot)
        return slot
    }

    // MARK: functions

    /// Compiles a function literal's body in a new scope nested in the current one (or in
    /// none, for top-level functions, which see only globals).
    func compileFunction(_ fn: FunctionLiteral, into user: UserFunction, nested: Bool) throws {
        let outer = scope
        if nested { outer.createsClosures = true }
        scope = FunctionScope(parent: nested ? outer : nil)
        defer { scope = outer }
        var seen: Set<String> = []
        for p in fn.params {
            if !seen.insert(p.name).inserted { throw error("parameter `\(p.name)` is declared twice", p.range) }
            // The checker lays parameters out first, in order: the call stores argument i in slot i.
            _ = try declaredSlot(p.name, p.range)
        }
        user.defaults = try fn.params.map { p in try p.defaultValue.map { try expression($0) } }
        switch fn.body {
        case .expression(let e):
            user.body = try expression(e)
        case .block(let b):
            let body = try block(b)
            user.body = { f in try body(f) ?? .none }
        }
        user.frameSize = scope.slotCount
        user.framesStayPrivate = !nested && !scope.createsClosures
        user.framesReusable = !scope.createsClosures
    }
}
