import VigilSyntax

/// One comparison met while evaluating a condition: its operator and both operands with
/// their source text, so a layer above can say why a rule changed state
/// (`error_rate = 1.2% > 1%`), per label set when an operand is a vector.
public struct ObservedComparison {
    public struct Operand {
        /// The operand's source text, e.g. `error_rate`.
        public let text: String
        public let value: Value
        /// A literal operand (`1%`) shows only its value.
        public let isLiteral: Bool

        public init(text: String, value: Value, isLiteral: Bool) {
            self.text = text
            self.value = value
            self.isLiteral = isLiteral
        }
    }

    public let op: BinaryOp
    public let left: Operand
    public let right: Operand
    /// The comparison's own result (a bool, nodata, or a vector of bools).
    public let result: Value

    /// A comparison made by a layer that evaluates some conditions without the interpreter.
    public init(op: BinaryOp, left: Operand, right: Operand, result: Value) {
        self.op = op
        self.left = left
        self.right = right
        self.result = result
    }
}

/// A condition compiled once so that each evaluation also yields the comparisons it made
/// (a rule's `when`). The texts are built only when someone asks for them.
public struct CompiledCondition {
    let observation: Observation
    let frameSize: Int
    public let file: SourceFile
    public let range: SourceRange
}

extension Interpreter {
    /// Compiles a condition against the session's globals and `environment`.
    public func compileCondition(_ expr: Expr, in file: SourceFile,
                                 environment: CompileEnvironment = CompileEnvironment()) throws -> CompiledCondition {
        let scope = FunctionScope(parent: nil, isTopLevel: false)
        let compiler = makeCompiler(file, scope, environment)
        let observation = try compiler.observation(expr)
        return CompiledCondition(observation: observation, frameSize: scope.slotCount, file: file, range: expr.range)
    }

    /// Evaluates a condition at the current evaluation time; `comparisons` receives every
    /// comparison evaluated, in source order (short-circuited ones are not evaluated).
    public func evaluate(_ condition: CompiledCondition, comparisons: inout [ObservedComparison]) throws -> Value {
        try condition.observation.collect(Frame.make(size: condition.frameSize, parent: nil), &comparisons, recording: true)
    }

    /// Evaluates a condition without keeping its comparisons: a replay asks for them only
    /// at the few evaluations that change a rule's state, and evaluating the same condition
    /// again at the same time gives the same value.
    public func evaluate(_ condition: CompiledCondition) throws -> Value {
        var none: [ObservedComparison] = []
        return try condition.observation.collect(Frame.make(size: condition.frameSize, parent: nil), &none, recording: false)
    }
}

extension Observation {
    /// The same semantics as `evaluate` (and as compiled `and`/`or`, through
    /// `Operators.logical`), collecting comparisons instead of building text.
    func collect(_ f: Frame, _ out: inout [ObservedComparison], recording: Bool) throws -> Value {
        switch self {
        case .comparison(let op, let l, let r, let s, let texts):
            let a = try l.code(f), b = try r.code(f)
            let result = try Operators.binary(op, a, b, s, texts)
            guard recording else { return result }
            out.append(ObservedComparison(op: op, left: .init(text: l.text, value: a, isLiteral: l.isLiteral),
                                          right: .init(text: r.text, value: b, isLiteral: r.isLiteral), result: result))
            return result
        case .logical(let op, let l, let r, let s):
            let a = try l.collect(f, &out, recording: recording)
            return try Operators.logical(op, a, s) { try r.collect(f, &out, recording: recording) }
        case .not(let inner, let s):
            return try Operators.not(try inner.collect(f, &out, recording: recording), s)
        case .value(let side):
            return try side.code(f)
        }
    }
}
