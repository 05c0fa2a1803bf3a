import Foundation
import VigilSyntax

/// A failure while running a program, located in the source that caused it.
public struct RuntimeError: Error, CustomStringConvertible {
    public var message: String
    public var hint: String?
    public var file: SourceFile
    public var range: SourceRange

    public init(_ message: String, hint: String? = nil, file: SourceFile, range: SourceRange) {
        self.message = message
        self.hint = hint
        self.file = file
        self.range = range
    }

    /// The diagnostic the CLI renders as `file:line:col: error: …` with a caret.
    public var diagnostic: Diagnostic { Diagnostic(.error, message, file: file, range: range, hint: hint) }

    public var description: String { diagnostic.render() }
}

/// Where compiled code is, so the errors it throws point at its source.
struct Site {
    let file: SourceFile
    let range: SourceRange

    func error(_ message: String, hint: String? = nil) -> RuntimeError {
        RuntimeError(message, hint: hint, file: file, range: range)
    }
}

/// Limits of one run.
public struct RunOptions: Sendable {
    /// Loop iterations plus calls allowed before the run stops.
    public var maxSteps: Int
    /// Wall-clock seconds allowed for one `run`, `evaluatePolicies` or `evaluate` call.
    public var timeout: Double
    /// The evaluation time `now()` returns; nil means the wall clock at each call.
    public var now: Date?
    /// Whether comparisons of the kernel shape compile to their kernels (`KernelRequest`);
    /// off, they compile the ordinary way, which the kernels are tested against.
    public var kernels: Bool

    public init(maxSteps: Int = 100_000_000, timeout: Double = 30, now: Date? = nil, kernels: Bool = true) {
        self.maxSteps = maxSteps
        self.timeout = timeout
        self.now = now
        self.kernels = kernels
    }
}

/// The step counter, kept behind a raw pointer so compiled code bumps it without going
/// through a class property (no exclusivity check on the hot path).
struct StepCounter {
    var steps = 0
    /// The step count at which the slow check (budget and clock) runs next.
    var nextCheck = 0
    var maxSteps = 0
    var deadline: UInt64 = 0
    var timeout: Double = 0
    /// User-function activations now running; the stack address where the outermost began
    /// and how far below it calls may go (see CallDepth.swift).
    var depth = 0
    var stackTop: UInt = 0
    var stackRoom: UInt = 0

    static let checkInterval = 1024

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    mutating func start(_ options: RunOptions) {
        steps = 0
        maxSteps = max(0, options.maxSteps)
        timeout = options.timeout
        let nanos = options.timeout * 1e9
        deadline = nanos >= Double(UInt64.max / 2) ? UInt64.max : Self.now() &+ UInt64(max(0, nanos))
        nextCheck = min(maxSteps, Self.checkInterval)
        if depth == 0 { markStackTop() }
    }

    /// Counts one step; throws when the budget or the time limit is exceeded.
    @inline(__always) mutating func tick(_ site: Site) throws {
        steps &+= 1
        if steps >= nextCheck { try slowCheck(site) }
    }

    mutating func slowCheck(_ site: Site) throws {
        if Interruption.requested != 0 {
            Interruption.requested = 0
            throw site.error("interrupted")
        }
        if steps >= maxSteps {
            throw site.error("step budget of \(maxSteps) exceeded (raise it with --max-steps)")
        }
        if Self.now() > deadline {
            throw site.error("time limit of \(QuantityFormat.duration(timeout)) exceeded (raise it with --timeout)")
        }
        nextCheck = min(maxSteps, steps + Self.checkInterval)
    }
}
