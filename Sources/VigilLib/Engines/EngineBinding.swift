import VigilCheck
import VigilEngines
import VigilLive
import VigilRuntime
import VigilSeries
import VigilSyntax

/// The one way an engine comes into the language. The engine itself is a folder of
/// VigilEngines (pure domain logic, no language); its binding, here in VigilLib, is the only
/// code that knows both. A binding declares:
///
/// - `feature`: the part of Vigil it builds (the checker accepts its blocks and builtins
///   only because the binding is registered);
/// - `blocks`: its block kinds (the parser already knows their item grammar) with typed
///   settings and their defaults, which the checker checks and `BlockSettings` reads;
/// - `builtins`: each builtin's declaration (name, parameters, types, doc, example) next to
///   its implementation;
/// - hooks: `install` into a session, `load` after a program is loaded, `run` when
///   `vigil run` runs the engines' blocks.
///
/// Adding an engine: write the engine under Sources/VigilEngines/NAME, one binding type
/// conforming to this protocol under Sources/VigilLib/NAME, and add it to `Engines.all`.
/// Adding a builtin to an engine touches its engine file and its binding's builtin table.
public protocol EngineBinding {
    var feature: Feature { get }
    var blocks: [BlockSchema] { get }
    var builtins: [EngineBuiltin] { get }
    /// Called once per session, before any program is loaded.
    func install(in session: VigilSession)
    /// Called before each program is loaded, so names it binds are known to its statements.
    func declare(_ program: Program, in session: VigilSession) throws
    /// Called after each program is loaded into the session (its blocks are then known).
    func load(_ program: Program, in session: VigilSession) throws
    /// Runs the engine's blocks to their end (`vigil run`); one outcome per block run.
    func run(in session: VigilSession, _ request: EngineRunRequest) throws -> [EngineOutcome]
    /// Adds the engine's part of the status report: figures on service lines, items needing
    /// attention, sections (`status()`, `vigil status`).
    func contributeStatus(to report: inout StatusReport, _ request: StatusRequest) throws
}

extension EngineBinding {
    public var blocks: [BlockSchema] { [] }
    public var builtins: [EngineBuiltin] { [] }

    /// By default, installing registers the binding's builtins.
    public func install(in session: VigilSession) { installBuiltins(in: session) }

    /// Registers the binding's builtins: what a binding's own `install` calls first.
    public func installBuiltins(in session: VigilSession) {
        for builtin in builtins { session.interpreter.register(builtin.bound(in: session)) }
    }

    public func declare(_ program: Program, in session: VigilSession) throws {}

    public func load(_ program: Program, in session: VigilSession) throws {}

    public func run(in session: VigilSession, _ request: EngineRunRequest) throws -> [EngineOutcome] { [] }

    public func contributeStatus(to report: inout StatusReport, _ request: StatusRequest) throws {}
}

/// One builtin of an engine: its declared overloads (what the checker, `vigil doc` and the
/// runtime's argument binding read) and its implementation, made for a session.
public struct EngineBuiltin {
    public typealias Implementation = VigilRuntime.Builtin.Implementation
    public let declarations: [VigilCheck.Builtin]
    let implement: (VigilSession) -> Implementation
    /// The comparison kernel of a declaration marked `comparisonKernel` (see `KernelRequest`).
    var kernel: ((VigilSession) -> VigilRuntime.Builtin.KernelFactory)?

    /// `declaration` and any further overloads of the same name, implemented by `implement`.
    public init(_ declaration: VigilCheck.Builtin, overloads: [VigilCheck.Builtin] = [],
                _ implement: @escaping (VigilSession) -> Implementation) {
        precondition(overloads.allSatisfy { $0.name == declaration.name }, "overloads of `\(declaration.name)` must share its name")
        declarations = [declaration] + overloads
        self.implement = implement
    }

    public var name: String { declarations[0].name }

    /// The runtime builtin, bound by these declarations.
    func bound(in session: VigilSession) -> VigilRuntime.Builtin {
        var builtin = VigilRuntime.Builtin(BuiltinBinding(name: name, overloads: declarations)!, implement(session))
        builtin.kernel = kernel?(session)
        return builtin
    }
}

/// What `vigil run` asks the engines for.
public struct EngineRunRequest {
    /// Run only the block of this name (`vigil run FILE NAME`, a canary for now).
    public var only: String?
    /// Supply telemetry from the simulator instead of the loaded data.
    public var simulate: Bool
    /// The wall clock of a live source (`vigil run --source`): canaries with a traffic
    /// target run on it and move real traffic.
    public var live: LiveCanaryClock?

    public init(only: String? = nil, simulate: Bool = false, live: LiveCanaryClock? = nil) {
        self.only = only
        self.simulate = simulate
        self.live = live
    }
}

/// The wall clock a live canary runs on: when it starts, what feeds it, and how it waits for
/// each analysis tick.
public struct LiveCanaryClock {
    /// The wall clock now, in milliseconds: where a live canary starts (on a whole second).
    public let now: () -> Timestamp
    /// The live source, for the run's heading: `prometheus http://127.0.0.1:9090`.
    public let source: String
    /// Sleeps until the time, then brings the live data up to it; false when the run was
    /// asked to stop (SIGINT, SIGTERM). Throws when the source stops answering.
    public let waitUntil: (Timestamp) throws -> Bool
    /// The authorities an `https://` traffic webhook's certificate must chain to (`--ca-file`).
    public let trust: TLSTrust

    public init(now: @escaping () -> Timestamp, source: String, trust: TLSTrust = .system,
                waitUntil: @escaping (Timestamp) throws -> Bool) {
        self.now = now
        self.source = source
        self.trust = trust
        self.waitUntil = waitUntil
    }
}

/// How one block run ended: `failure` says why it did not succeed (a canary not promoted),
/// as `vigil run --require-promotion` reports it.
public struct EngineOutcome {
    public let name: String
    public let failure: String?
    /// Whether a failure fails `vigil run` on its own (a runbook whose `verify` did not
    /// hold), rather than only with --require-promotion (a canary not promoted).
    public let failsRun: Bool

    public init(name: String, failure: String?, failsRun: Bool = false) {
        self.name = name
        self.failure = failure
        self.failsRun = failsRun
    }
}
