import Foundation
import VigilSyntax

/// The run-time state compiled code and builtins share: limits, output, the clock, and the
/// one way to call a function value.
final class Machine {
    /// Raw storage so compiled code can count steps without a class property access.
    let counter: UnsafeMutablePointer<StepCounter>
    var options: RunOptions {
        didSet { fixedNow = options.now?.timeIntervalSince1970 }
    }
    var output: (String) -> Void = { print($0) }
    /// Why values came out as nodata since the last `startRun` (or policy line), first
    /// first: a gate's "no data" line says which selection or window was empty.
    var nodataReasons: [String] = []
    /// How `baseline` is computed where the code being compiled does not say otherwise (a
    /// canary does): one hook for every compile path, so scripts, policies, rules, imported
    /// modules and the REPL agree with the checker. Modules share their importer's machine.
    var baseline: ((BaselineRequest) throws -> BaselineEvaluator)?
    /// The evaluation passed in by the innermost `evaluating` call running now; nil between
    /// calls, when the run's clock stands (see `now`).
    private var current: Evaluation?

    init(options: RunOptions) {
        self.options = options
        fixedNow = options.now?.timeIntervalSince1970
        counter = .allocate(capacity: 1)
        counter.initialize(to: StepCounter())
        counter.pointee.start(options)
    }

    deinit {
        counter.deinitialize(count: 1)
        counter.deallocate()
    }

    /// Records why a value came out as nodata, once per reason.
    func noteNodata(_ reason: String) {
        if !nodataReasons.contains(reason) { nodataReasons.append(reason) }
    }

    /// Restarts the step budget and the clock for one top-level request.
    func startRun() { counter.pointee.start(options) }

    /// The evaluation time, in seconds since the epoch: the running evaluation's, else the
    /// run's clock (`RunOptions.now`), else the wall clock.
    var now: Double { current?.time ?? fixedNow ?? Date().timeIntervalSince1970 }

    /// The run's clock as set, kept exactly: a `Date` counts from 2001, so a time near
    /// 1970 read back through one loses digits (1ms comes back as 0.00100004673s).
    private var fixedNow: Double?

    /// The evaluation running now (see `Interpreter.evaluation`).
    var evaluation: Evaluation { current ?? Evaluation(time: now) }

    /// Who records comparisons in the running evaluation, if anyone.
    var recorder: Recorder? { current?.recorder }

    /// Runs `body` as `evaluation`, then puts the previous one back.
    func evaluating<T>(_ evaluation: Evaluation, _ body: () throws -> T) rethrows -> T {
        let saved = current
        current = evaluation
        defer { current = saved }
        return try body()
    }

    /// Calls a function value with positional arguments (the builtins' way in).
    func call(_ function: Function, _ args: [Value], _ site: Site) throws -> Value {
        try call(function, positional: args, labeled: [], site)
    }

    func call(_ function: Function, positional: [Value], labeled: [(String, Value)], _ site: Site) throws -> Value {
        if let builtin = function.builtin {
            try counter.pointee.tick(site)
            let args = try builtin.bind(positional: positional, labeled: labeled, site)
            return try builtin.run(args, BuiltinCall(machine: self, site: site))
        }
        guard let user = function.user else { return .none }
        try counter.pointee.enter(site)
        defer { counter.pointee.leave(site) }
        if labeled.isEmpty, positional.count == user.parameters.count {
            // Every parameter given by position: nothing to match, no defaults to fill.
            let frame = Frame.make(size: user.frameSize, parent: function.captured)
            for (i, v) in positional.enumerated() { frame[i] = v }
            return try user.run(frame)
        }
        let frame = Frame.make(size: user.frameSize, parent: function.captured)
        var given = [Bool](repeating: false, count: user.parameters.count)
        if positional.count > user.parameters.count {
            throw site.error("`\(user.name)` takes \(user.parameters.count) argument\(user.parameters.count == 1 ? "" : "s"), got \(positional.count)")
        }
        for (i, v) in positional.enumerated() {
            frame[i] = v
            given[i] = true
        }
        for (label, v) in labeled {
            guard let i = user.parameters.firstIndex(of: label) else {
                throw site.error("`\(user.name)` has no parameter `\(label)`",
                                 hint: Spelling.hint(for: label, in: user.parameters))
            }
            if given[i] { throw site.error("argument `\(label)` of `\(user.name)` is given twice") }
            frame[i] = v
            given[i] = true
        }
        try fillDefaults(user, frame, given, site)
        return try user.run(frame)
    }

    /// Calls a function value with one positional argument (`map`, `filter`), without
    /// building an argument list when it is a user function of one parameter.
    func call(_ function: Function, _ x: Value, _ site: Site) throws -> Value {
        guard let user = function.user, user.parameters.count == 1 else {
            return try call(function, positional: [x], labeled: [], site)
        }
        try counter.pointee.enter(site)
        defer { counter.pointee.leave(site) }
        let frame = function.takeFrame(user)
        defer { function.returnFrame(frame, user) }
        frame.store(0, x)
        return try user.run(frame)
    }

    /// Calls a function value with two positional arguments (`fold`).
    func call(_ function: Function, _ x: Value, _ y: Value, _ site: Site) throws -> Value {
        guard let user = function.user, user.parameters.count == 2 else {
            return try call(function, positional: [x, y], labeled: [], site)
        }
        try counter.pointee.enter(site)
        defer { counter.pointee.leave(site) }
        let frame = function.takeFrame(user)
        defer { function.returnFrame(frame, user) }
        frame.store(0, x)
        frame.store(1, y)
        return try user.run(frame)
    }

    /// Evaluates the defaults of the parameters the caller left out, in parameter order.
    func fillDefaults(_ user: UserFunction, _ frame: Frame, _ given: [Bool], _ site: Site) throws {
        for (i, isGiven) in given.enumerated() where !isGiven {
            guard let code = user.defaults[i] else {
                throw site.error("missing argument `\(user.parameters[i])` in the call to `\(user.name)`")
            }
            frame[i] = try code(frame)
        }
    }
}

/// What a builtin sees of its call: the machine (to call back into user functions, read
/// the clock, print) and the call's location (for its errors).
public struct BuiltinCall {
    unowned(unsafe) let machine: Machine
    let site: Site

    /// An error located at the call.
    public func error(_ message: String, hint: String? = nil) -> RuntimeError { site.error(message, hint: hint) }

    /// Counts `items` of work this call does (elements sorted, copied, scanned), so the time
    /// limit, an interruption and the memory budget stop a long call while it runs.
    @inline(__always) public func work(_ items: Int) throws { try machine.counter.pointee.work(items, site) }

    /// Before building a value of `bytes`: a located error when it would pass `--max-memory`.
    public func reserve(bytes: Int) throws { try MemoryBudget.reserve(bytes, site) }

    /// The evaluation time, seconds since the Unix epoch.
    public var now: Double { machine.now }

    /// Where the call stands in the source: a stable identity for per-call-site state
    /// (incremental windows, baselines).
    public var file: SourceFile { site.file }
    public var range: SourceRange { site.range }

    /// The user-function calls this call stands inside (`StepCounter.callPath`): per-call-site
    /// state keys on it with the position, so a `fn` wrapping the call keeps one state per caller.
    public var callPath: Int { machine.counter.pointee.callPath }

    /// Writes one line of program output.
    public func emit(_ line: String) { machine.output(line) }

    /// Records why this call yields nodata ("no series matched series(…)"), so a gate's
    /// "no data" line can say why instead of leaving the reader to guess.
    public func noteNodata(_ reason: String) { machine.noteNodata(reason) }

    /// Calls a function value (a lambda passed to `map`, say); counts as a step.
    public func call(_ f: Value, _ args: Value...) throws -> Value {
        guard case .function(let fn) = f else { throw error("expected a function, found \(f.described)") }
        return try machine.call(fn, args, site)
    }

    /// `call(f, x)` without the argument array.
    func invoke(_ f: Value, _ x: Value) throws -> Value {
        guard case .function(let fn) = f else { throw error("expected a function, found \(f.described)") }
        return try machine.call(fn, x, site)
    }

    /// `call(f, x, y)` without the argument array.
    func invoke(_ f: Value, _ x: Value, _ y: Value) throws -> Value {
        guard case .function(let fn) = f else { throw error("expected a function, found \(f.described)") }
        return try machine.call(fn, x, y, site)
    }
}
