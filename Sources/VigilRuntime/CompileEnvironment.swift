import Foundation
import VigilSyntax

/// What a layer above the core (VigilLib) lends the compiler for one expression: names
/// evaluated on demand (a service's signals, narrowed to a canary version), and how to
/// compute `baseline`. The core stays ignorant of series and engines.
public struct CompileEnvironment {
    /// Names visible after locals and before globals; reading one calls its thunk, so a
    /// signal is evaluated at the current evaluation time each time it is read.
    public var names: [String: () throws -> Value]
    /// Compiles one use of `baseline`; nil means the session's own (`Interpreter.baselineHook`).
    public var baseline: ((BaselineRequest) throws -> BaselineEvaluator)?

    public init(names: [String: () throws -> Value] = [:], baseline: ((BaselineRequest) throws -> BaselineEvaluator)? = nil) {
        self.names = names
        self.baseline = baseline
    }
}

/// One `baseline` in the source: the expression it is the baseline of (the other side of
/// the comparison, or the first argument of `baseline(S, window:, method:)`).
public struct BaselineRequest {
    public var subject: Expr
    public var file: SourceFile
    /// Where `baseline` stands.
    public var range: SourceRange
    /// Seconds, from `window:`; nil for the default.
    public var window: Double?
    /// "mean", "median" or "ewma", from `method:`; nil for the default.
    public var method: String?
}

/// Computes a baseline at the current evaluation time, given a way to evaluate the subject
/// (at whatever time or narrowing the evaluator sets up first).
public typealias BaselineEvaluator = (_ subject: () throws -> Value) throws -> Value

/// An expression compiled once for repeated evaluation (a rule condition, a signal).
public struct CompiledExpression {
    let code: Evaluator
    let frameSize: Int
    /// Whose comparisons `evaluate(_:comparisons:)` records.
    let recording: Recording
    /// The kernel the whole expression compiled to, when it is a comparison of the kernel
    /// shape (`KernelRequest`): a replay may run it on its own, rule by rule.
    public let kernel: ComparisonKernel?
    /// Every comparison in it that compiled to a kernel, by where it stands: a replay may
    /// run a condition made of kernels joined by `and`/`or` on its own, too.
    public let kernels: [(range: SourceRange, kernel: ComparisonKernel)]
    public let file: SourceFile
    public let range: SourceRange
}

extension Interpreter {
    /// Compiles an expression against the session's globals and `environment`.
    public func compile(_ expr: Expr, in file: SourceFile, environment: CompileEnvironment = CompileEnvironment()) throws -> CompiledExpression {
        resolve(expr, in: file, lent: Array(environment.names.keys))
        let scope = FunctionScope()
        let compiler = makeCompiler(file, scope, environment)
        let recording = Recording()
        let code = try compiler.recorded(expr, recording)
        let kernel = compiler.kernels.first { $0.range == expr.range }?.kernel
        return CompiledExpression(code: code, frameSize: scope.slotCount, recording: recording, kernel: kernel,
                                  kernels: compiler.kernels,
                                  file: file, range: expr.range)
    }

    /// Restarts the step budget and the time limit for one top-level request (a replay,
    /// one evaluation tick, a REPL input).
    public func beginRequest() { machine.startRun() }

    /// When the current request must stop (`RunOptions.clock()` nanoseconds), for work that
    /// runs outside the interpreter on other threads.
    public var deadline: UInt64 { machine.counter.pointee.deadline }

    /// `beginRequest`, then the limits of the whole command: an engine calls this at each
    /// tick, so a long canary, replay or test stops within `--timeout` and `--max-memory`
    /// though each tick alone is short. An error points at `range` (the rule, the canary).
    public func beginRequest(at file: SourceFile, _ range: SourceRange) throws {
        machine.startRun()
        try machine.counter.pointee.checkClock(Site(file: file, range: range))
    }

    /// Binds a global name (a service, an SLO handle) before programs that use it are loaded.
    public func defineGlobal(_ name: String, _ value: Value) {
        globals[globals.define(name)] = value
    }
}

extension Interpreter {
    /// The values of expressions that are all literals (strings without interpolation,
    /// regex matchers, quantities), or nil when one is not.
    public static func literalValues(_ exprs: [Expr]) -> [Value]? { Compiler.literals(exprs) }
}
