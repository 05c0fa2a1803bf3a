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

/// The identity of one compiled expression, so that only its own comparisons are recorded:
/// not those of a signal or function it reads, which are compiled separately.
final class Recording {}

extension Interpreter {
    /// Evaluates a compiled expression as `evaluation`, within the current request's step
    /// budget (see `beginRequest`), recording nothing.
    public func evaluate(_ compiled: CompiledExpression, at evaluation: Evaluation) throws -> Value {
        try machine.evaluating(evaluation) { try compiled.code(Frame.make(size: compiled.frameSize, parent: nil)) }
    }

    /// Evaluates a compiled expression as `evaluation`; `comparisons` receives every
    /// comparison at its top (through `and`, `or` and `not`), in source order, as the
    /// ordinary compiled code evaluates them (short-circuited ones are not).
    public func evaluate(_ compiled: CompiledExpression, at evaluation: Evaluation,
                         comparisons: inout [ObservedComparison]) throws -> Value {
        let (value, recorded, _) = try record(compiled.recording, at: evaluation) {
            try compiled.code(Frame.make(size: compiled.frameSize, parent: nil))
        }
        comparisons += recorded
        return value
    }

    /// Runs `code` as `evaluation` with `recording`'s comparisons (and its other top
    /// values) recorded.
    func record(_ recording: Recording, at evaluation: Evaluation, _ code: () throws -> Value)
        throws -> (Value, [ObservedComparison], [Value]) {
        var recorded = evaluation
        let recorder = Recorder(recording)
        recorded.recorder = recorder
        let value = try machine.evaluating(recorded, code)
        return (value, recorder.comparisons, recorder.values)
    }
}

extension Compiler {
    /// The code of an expression whose top comparisons report to the machine's recorder
    /// when `recording` is the one being recorded. Each operand is compiled once and both
    /// forms compare with the interpreter's comparison, so what is recorded is what is
    /// computed; unrecorded, a comparison of the kernel shape runs as its kernel.
    func recorded(_ e: Expr, _ recording: Recording) throws -> Evaluator {
        let s = site(e.range)
        switch e.kind {
        case .binary(let op, let l, let r) where op.isComparison:
            let saved = baselineSubject
            defer { baselineSubject = saved }
            baselineSubject = baselineSubject(op, l, r)
            let left = try expression(l), right = try expression(r)
            let texts = OperandTexts(left: text(l.range), right: text(r.range))
            let leftLiteral = Compiler.isLiteral(l), rightLiteral = Compiler.isLiteral(r)
            let compared: Evaluator = { f in try Operators.binary(op, try left(f), try right(f), s, texts) }
            let unrecorded = kernel(op, l, r, e.range, general: compared) ?? compared
            unowned(unsafe) let machine = machine
            return { f in
                guard let recorder = machine.recorder, recorder.recording === recording else { return try unrecorded(f) }
                let a = try left(f), b = try right(f)
                let result = try Operators.binary(op, a, b, s, texts)
                recorder.comparisons.append(ObservedComparison(
                    op: op, left: .init(text: texts.left, value: a, isLiteral: leftLiteral),
                    right: .init(text: texts.right, value: b, isLiteral: rightLiteral), result: result))
                return result
            }
        case .binary(let op, let l, let r) where op.isLogical:
            let left = try recorded(l, recording), right = try recorded(r, recording)
            if op == .and { return { f in try Compiler.and(left, right, f, s) } }
            return { f in try Compiler.or(left, right, f, s) }
        case .unary(.not, let inner):
            let code = try recorded(inner, recording)
            return { f in try Operators.not(try code(f), s) }
        default:
            let code = try expression(e)
            unowned(unsafe) let machine = machine
            return { f in
                let value = try code(f)
                if let recorder = machine.recorder, recorder.recording === recording { recorder.values.append(value) }
                return value
            }
        }
    }

    /// A literal operand shows only its value.
    static func isLiteral(_ e: Expr) -> Bool {
        switch e.kind {
        case .quantity, .bool, .string, .none: return true
        default: return false
        }
    }
}
