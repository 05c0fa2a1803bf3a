import VigilSyntax

/// The commonest alerting condition, `rate(series("http_requests_total", code: ~"5.."), 5m)
/// > 40`: a function the builtin table marks `comparisonKernel`, over a selection of literal
/// matchers and a literal window, compared with a literal. The compiler hands such a
/// comparison to the function's kernel factory (`Builtin.kernel`), which the layer that
/// implements the function provides; the kernel computes the comparison straight from the
/// series windows, without building the call's values or binding its arguments.
public struct KernelRequest {
    /// The function's name (`rate`).
    public let function: String
    /// The metric name and the other label matchers of `series(…)`, as literal values
    /// (empty when the first argument is a `handle` instead).
    public let metric: String
    public let labels: [(String, Value)]
    /// The value of a global the first argument names instead of `series(…)` (an SLO's
    /// name in `burn_rate(checkout, 1h) > 14.4x`), as it stands when the comparison is
    /// compiled; the compiled code evaluates the ordinary way once the global holds another.
    public var handle: Value?
    /// The call's site as the compiled code hands it to `compare`, for a kernel that prepares
    /// its state before its first evaluation (a replay's jobs).
    public var call: BuiltinCall?
    /// The window: a literal duration.
    public let window: Value
    public let op: BinaryOp
    /// The literal compared with, and on which side it stands.
    public let threshold: Value
    public let thresholdOnLeft: Bool
    public let file: SourceFile
    /// Where the call `F(…)` stands: the identity of its per-call-site state.
    public let callRange: SourceRange
    /// Where the whole comparison stands, and the source text of its two sides.
    public let range: SourceRange
    public let callText: String
    public let thresholdText: String

    /// The interpreter's comparison of two values, as the ordinary code of this comparison
    /// makes it (errors located at the comparison).
    public func compare(_ l: Value, _ r: Value) throws -> Value {
        let texts = thresholdOnLeft ? OperandTexts(left: thresholdText, right: callText)
            : OperandTexts(left: callText, right: thresholdText)
        return try Operators.binary(op, l, r, Site(file: file, range: range), texts)
    }
}

extension BinaryOp {
    /// The interpreter's comparison of two plain numbers (or of numbers in one unit), for
    /// `<`, `<=`, `>` and `>=`.
    @inline(__always) public func holds(_ a: Double, _ b: Double) -> Bool { Operators.compare(self, a, b) }
}

/// One compiled comparison of the kernel shape. It is evaluated only by compiled code, which
/// counts its steps and checks the time limit as for the calls it replaces.
public protocol ComparisonKernel: AnyObject {
    /// The comparison's value at the call's evaluation time — what the interpreter's
    /// comparison of the call's vector with the literal gives — or nil when the kernel cannot
    /// evaluate here (a live source that cannot load the selection); the compiled code then
    /// evaluates the comparison the ordinary way, which reports why.
    func compare(_ call: BuiltinCall) -> Value?
}

/// The steps one kernel evaluation counts: one per call it stands for (`series` and the
/// function), as the ordinary code counts them. A replay that runs kernels outside compiled
/// code may do so only within a budget of at least this many steps per evaluation.
public let kernelSteps = 2

extension Builtin {
    /// Makes the kernel for one comparison of the kernel shape, or nil to compile it the
    /// ordinary way (units that do not compare, say).
    public typealias KernelFactory = (KernelRequest) -> ComparisonKernel?
}

extension Compiler {
    /// The kernel evaluator of `lhs op rhs`, when it has the kernel shape and both names in
    /// it resolve to the builtins (a program's own `rate` or `series` is never bypassed);
    /// `general` is the ordinary code, for when the kernel cannot evaluate.
    func kernel(_ op: BinaryOp, _ lhs: Expr, _ rhs: Expr, _ range: SourceRange,
                general: @escaping Evaluator) -> Evaluator? {
        guard machine.options.kernels, [.lt, .le, .gt, .ge].contains(op) else { return nil }
        let (callExpr, literal, thresholdOnLeft): (Expr, Expr, Bool)
        if case .quantity = rhs.kind { (callExpr, literal, thresholdOnLeft) = (lhs, rhs, false) }
        else if case .quantity = lhs.kind { (callExpr, literal, thresholdOnLeft) = (rhs, lhs, true) }
        else { return nil }
        guard case .call(let callee, let args) = callExpr.kind, case .name(let name) = callee.kind,
              case .builtin(let function)? = resolve(name, callee.range), let factory = function.kernel,
              function.binding.overloads.contains(where: \.comparisonKernel),
              args.count == 2, args.allSatisfy({ $0.label == nil }),
              case .quantity(let window) = args[1].value.kind, window.dimension == .duration, window.value > 0,
              let threshold = Compiler.literals([literal])?.first else { return nil }
        let subject = selector(args[0].value)
        let handle = subject == nil ? global(args[0].value) : nil
        guard subject != nil || handle != nil else { return nil }
        var request = KernelRequest(function: name, metric: subject?.0 ?? "", labels: subject?.1 ?? [], window: Value(window),
                                    op: op, threshold: threshold, thresholdOnLeft: thresholdOnLeft, file: file,
                                    callRange: callExpr.range, range: range, callText: text(callExpr.range),
                                    thresholdText: text(literal.range))
        request.handle = handle.map { $0.chunk[$0.index] }
        // The call's site, as the function's own call would have, so both find the same
        // per-call-site state.
        let counter = machine.counter, call = BuiltinCall(machine: machine, site: site(callExpr.range))
        request.call = call
        guard let kernel = factory(request) else { return nil }
        kernels.append((range, kernel))
        if let handle, case .object(let object)? = request.handle {
            let (chunk, index) = handle
            return { f in
                // A global assigned another value since: the ordinary code, for that value.
                guard case .object(let now) = chunk[index], now === object else { return try general(f) }
                for _ in 0..<kernelSteps { try counter.pointee.tick(call.site) }
                if let value = kernel.compare(call) { return value }
                return try general(f)
            }
        }
        return { f in
            for _ in 0..<kernelSteps { try counter.pointee.tick(call.site) }
            if let value = kernel.compare(call) { return value }
            return try general(f)
        }
    }

    /// A name that resolves to a global holding an object (an engine's handle, such as an
    /// SLO): where the global lives.
    private func global(_ e: Expr) -> (chunk: Frame, index: Int)? {
        guard case .name(let name) = e.kind, case .global(let slot)? = resolve(name, e.range) else { return nil }
        let (chunk, index) = globals.location(slot)
        guard case .object = chunk[index] else { return nil }
        return (chunk, index)
    }

    /// `series("metric", label: "value", other: ~"regex")` with literal arguments only,
    /// each label once, `series` being the builtin.
    private func selector(_ e: Expr) -> (String, [(String, Value)])? {
        guard case .call(let callee, let args) = e.kind, case .name("series") = callee.kind,
              case .builtin(let series)? = resolve("series", callee.range), series.name == "series",
              let first = args.first, first.label == nil, case .string(let segments) = first.value.kind,
              segments.count == 1, case .text(let metric) = segments[0] else { return nil }
        var labels: [(String, Value)] = [], seen: Set<String> = []
        for argument in args.dropFirst() {
            guard let label = argument.label, seen.insert(label).inserted,
                  let value = Compiler.literals([argument.value])?.first else { return nil }
            labels.append((label, value))
        }
        return (metric, labels)
    }
}
