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
    /// Resident bytes the process may reach before a run stops (`--max-memory`).
    public var maxMemory: Int
    /// When the whole command must stop (`StepCounter.now()` nanoseconds), whatever its
    /// requests: a canary's ticks, a replay's evaluations and a test's times each restart
    /// the per-request limit, and together must still end within `--timeout`.
    public var runDeadline: UInt64?

    public static let defaultMaxMemory = 2 << 30

    public init(maxSteps: Int = 100_000_000, timeout: Double = 30, now: Date? = nil, kernels: Bool = true,
                maxMemory: Int = RunOptions.defaultMaxMemory, runDeadline: UInt64? = nil) {
        self.maxSteps = maxSteps
        self.timeout = timeout
        self.now = now
        self.kernels = kernels
        self.maxMemory = maxMemory
        self.runDeadline = runDeadline
    }

    /// The clock deadlines are read on, in nanoseconds.
    public static func clock() -> UInt64 { StepCounter.now() }

    /// `timeout` seconds from now, as a `runDeadline`.
    public static func deadline(after timeout: Double) -> UInt64 {
        let nanos = timeout * 1e9
        return nanos >= Double(UInt64.max / 2) ? UInt64.max : StepCounter.now() &+ UInt64(max(0, nanos))
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
    /// Work done inside builtins since the clock was last read (see `work`).
    var pendingWork = 0
    /// When resident memory is read next: at most every few milliseconds.
    var nextMemoryCheck: UInt64 = 0
    /// User-function activations now running; the stack address where the outermost began
    /// and how far below it calls may go (see CallDepth.swift).
    var depth = 0
    /// The user-function calls now running, as one number (the sum of `mark`s): zero at the
    /// top level. State kept per call site (baselines, anomaly detectors) also keys on it,
    /// so one `fn` called for two signals keeps each signal's history apart.
    var callPath = 0
    var stackTop: UInt = 0
    var stackRoom: UInt = 0

    static let checkInterval = 1024

    static let workInterval = 1 << 16
    static let memoryCheckNanos: UInt64 = 5_000_000

    public static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    mutating func start(_ options: RunOptions) {
        steps = 0
        maxSteps = max(0, options.maxSteps)
        timeout = options.timeout
        deadline = min(RunOptions.deadline(after: options.timeout), options.runDeadline ?? .max)
        MemoryBudget.limit = options.maxMemory
        nextCheck = min(maxSteps, Self.checkInterval)
        if depth == 0 {
            markStackTop()
            callPath = 0
        }
    }

    /// Counts one step; throws when the budget or the time limit is exceeded.
    @inline(__always) mutating func tick(_ site: Site) throws {
        steps &+= 1
        if steps >= nextCheck { try slowCheck(site) }
    }

    mutating func slowCheck(_ site: Site) throws {
        if steps >= maxSteps {
            throw site.error("step budget of \(maxSteps) exceeded (raise it with --max-steps)")
        }
        try checkClock(site)
        nextCheck = min(maxSteps, steps + Self.checkInterval)
    }

    /// Counts `items` of work a builtin does (elements sorted, copied, scanned): every
    /// `workInterval` of them the clock and memory are checked, so one call on a huge list
    /// stops within the limits too, not only at the next statement.
    @inline(__always) mutating func work(_ items: Int, _ site: Site) throws {
        pendingWork &+= items
        if pendingWork >= Self.workInterval {
            pendingWork = 0
            try checkClock(site)
        }
    }

    /// An interruption, the time limit and (every few milliseconds) the memory budget.
    mutating func checkClock(_ site: Site) throws {
        if Interruption.requested != 0 {
            Interruption.requested = 0
            throw site.error("interrupted")
        }
        let now = Self.now()
        if now > deadline {
            throw site.error("time limit of \(QuantityFormat.duration(timeout)) exceeded (raise it with --timeout)")
        }
        if now >= nextMemoryCheck {
            nextMemoryCheck = now &+ Self.memoryCheckNanos
            try MemoryBudget.check(adding: 0, site)
        }
    }
}
