import VigilRuntime
import VigilSyntax

/// A `service checkout { signal … }` block at run time: its signals, compiled once and
/// evaluated on demand at the current time and narrowing. `checkout.error_rate` reads one
/// from outside; inside the block (and inside `canary checkout`) the names are bare.
public final class ServiceObject: RuntimeObject {
    public let name: String
    public let decl: BlockDecl
    public let file: SourceFile
    unowned let context: EvaluationContext
    /// Signal names in declaration order.
    public private(set) var signalNames: [String] = []
    private var compiled: [String: CompiledExpression] = [:]
    private var evaluating: Set<String> = []
    /// One value per signal per evaluation time and narrowing: a tick reads each once.
    private var cache: [String: (time: Double, narrowing: String, value: Value)] = [:]

    init(decl: BlockDecl, file: SourceFile, context: EvaluationContext) {
        self.name = decl.name ?? ""
        self.decl = decl
        self.file = file
        self.context = context
        super.init()
        for item in decl.items { if case .signal(let n, _, _) = item.kind { signalNames.append(n) } }
    }

    /// Compiles every signal; bare sibling signals resolve through this service.
    func compile(environment: (ServiceObject) -> CompileEnvironment) throws {
        let env = environment(self)
        for item in decl.items {
            guard case .signal(let n, _, let expr) = item.kind else { continue }
            compiled[n] = try context.interpreter.compile(expr, in: file, environment: env)
        }
    }

    /// Thunks for the service's signals, for a compile environment.
    public var signalThunks: [String: () throws -> Value] {
        var out: [String: () throws -> Value] = [:]
        for n in signalNames { out[n] = { [unowned self] in try self.signal(n) } }
        return out
    }

    /// The value of one signal now (under the current narrowing).
    public func signal(_ signal: String) throws -> Value {
        let time = context.interpreter.now, key = context.narrowingKey
        if let c = cache[signal], c.time == time, c.narrowing == key { return c.value }
        guard let code = compiled[signal] else {
            throw ObjectError("service `\(name)` has no signal `\(signal)`", hint: Spelling.hint(for: signal, in: signalNames))
        }
        guard !evaluating.contains(signal) else {
            throw ObjectError("signal `\(name).\(signal)` depends on itself", hint: "a signal cannot be defined through its own value")
        }
        evaluating.insert(signal)
        defer { evaluating.remove(signal) }
        let value = try context.interpreter.evaluate(code, at: context.interpreter.evaluation)
        cache[signal] = (time, key, value)
        return value
    }

    override public var typeName: String { "service" }
    override public var display: String { "service \(name)" }
    override public var memberNames: [String] { signalNames }
    override public func member(_ field: String) throws -> Value? {
        signalNames.contains(field) ? try signal(field) : nil
    }
}
