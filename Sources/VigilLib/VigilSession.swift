import VigilCheck
import VigilRuntime
import VigilSeries
import VigilSyntax

/// A running Vigil program with its bindings: the interpreter, the series store it reads,
/// and the services, SLOs and canaries it declares. The CLI drives one session per command.
public final class VigilSession {
    public let interpreter: Interpreter
    public let context: EvaluationContext
    public private(set) var services: [String: ServiceObject] = [:]
    /// The canaries, their runs and the deployment store (see `CanaryRegistry`).
    public private(set) lazy var canaries = CanaryRegistry(session: self)
    /// Where rule actions are recorded in replays and tests (never delivered).
    public let actionLog = ActionLog()
    /// The range functions' per-call-site windows, shared with rules evaluated directly.
    var seriesCallSites = SeriesCallSites()
    /// The engine bindings installed in this session (`Engines.all` but in tests).
    public let engines: [any EngineBinding]
    /// Each engine's own state for this session, by its type (see `engineState`).
    private var engineStates: [ObjectIdentifier: AnyObject] = [:]
    /// True when the command was given no data at all (see `refuseSeriesWithoutSource`).
    public private(set) var hasNoDataSource = false
    /// True once the program selected a series with no data source: the command's error.
    public private(set) var selectedWithoutSource = false
    /// The store this session reads series from as they are selected, if any (`read(from:)`).
    public private(set) var storeFeed: StoreFeed?

    public init(options: RunOptions = RunOptions(), store: SeriesStore = SeriesStore(),
                engines: [any EngineBinding] = Engines.all) {
        self.engines = engines
        interpreter = Interpreter(options: options)
        context = EvaluationContext(interpreter: interpreter, store: store)
        SeriesBuiltins.install(in: self)
        actionLog.install(in: interpreter)
        SeriesFunctions.install(in: self)
        for engine in engines { engine.install(in: self) }
        // A program given to `load` unchecked is checked against this session's engines.
        let registered = engines.count == Engines.all.count && zip(engines, Engines.all).allSatisfy { type(of: $0) == type(of: $1) }
        interpreter.checkOptions = registered ? Engines.checkOptions()
            : CheckOptions(available: Engines.features, surface: Engines.surface(of: engines))
    }

    /// Binds a program's services (so policies and scripts can name them), then loads it
    /// into the interpreter and compiles the signals, all as `checked` (the checker's
    /// resolutions of the program) says; without them the interpreter checks it first.
    public func load(_ program: Program, resolver: Interpreter.ImportResolver? = nil, checked: Resolutions? = nil) throws {
        // The engines compile the program's blocks before its statements are loaded.
        let checked = checked ?? interpreter.resolutions(of: program, resolver: resolver)
        interpreter.adopt(checked)
        var added: [ServiceObject] = []
        for (block, file) in Self.serviceBlocks(of: program, resolver: resolver) {
            guard let name = block.name, services[name] == nil else { continue }
            let service = ServiceObject(decl: block, file: file, context: context)
            services[name] = service
            interpreter.defineGlobal(name, .object(service))
            added.append(service)
        }
        for engine in engines { try engine.declare(program, in: self) }
        try interpreter.load(program, resolver: resolver, checked: checked)
        for service in added { try service.compile { self.environment(inService: $0) } }
        for engine in engines { try engine.load(program, in: self) }
    }

    /// The state an engine keeps for this session (its registry of declared blocks, its
    /// runs), made on first use: how a binding's hooks and builtins share it.
    public func engineState<State: AnyObject>(_ make: () -> State) -> State {
        if let state = engineStates[ObjectIdentifier(State.self)] as? State { return state }
        let state = make()
        engineStates[ObjectIdentifier(State.self)] = state
        return state
    }

    /// The service blocks of `program` and of every module it imports, each file once:
    /// a service declared in an imported file is as much the program's as its own.
    static func serviceBlocks(of program: Program, resolver: Interpreter.ImportResolver?) -> [(BlockDecl, SourceFile)] {
        var found: [(BlockDecl, SourceFile)] = []
        var seen: Set<String> = []
        func visit(_ program: Program) {
            guard seen.insert(program.file.path).inserted else { return }
            for decl in program.decls {
                switch decl.kind {
                case .import(let imp):
                    if let resolver, case .success(let imported) = resolver(imp, program.file) { visit(imported) }
                case .block(let block) where block.kind == .service:
                    found.append((block, program.file))
                default:
                    break
                }
            }
        }
        visit(program)
        return found
    }

    /// What code inside `service` (or `canary` of the same name) may name bare: its signals.
    /// `baseline` there is the session's (`SignalBaseline`), as on every other compile path.
    public func environment(inService service: ServiceObject?) -> CompileEnvironment {
        CompileEnvironment(names: service?.signalThunks ?? [:])
    }

    /// Makes every series selection the "no data source" error (`NoDataSource`), for a
    /// command given no data: an empty answer would read as a healthy system.
    public func refuseSeriesWithoutSource() {
        hasNoDataSource = true
        context.seriesLoader = { [unowned self] _ in
            selectedWithoutSource = true
            throw NoDataSource()
        }
    }

    /// Reads series from `feed` as the program selects them.
    public func read(from feed: StoreFeed) {
        storeFeed = feed
        context.seriesLoader = { try feed.load($0) }
    }

    /// Adds a data file's samples to the store (the REPL's `:data FILE`), all or nothing: a
    /// file that fails to parse leaves the store as it was. A session that had no data
    /// source now has one; one that read a store as it went reads the rest of it first, so
    /// the file's samples meet the stored ones as they would have at start-up.
    public func addData(file path: String) throws {
        if let storeFeed {
            try storeFeed.loadAll()
            self.storeFeed = nil
            context.seriesLoader = nil
        }
        var store = context.store
        try store.ingest(contentsOfFile: path)
        context.store = store
        if hasNoDataSource {
            hasNoDataSource = false
            selectedWithoutSource = false
            context.seriesLoader = nil
        }
    }

    /// The series store's newest sample time, in seconds: `vigil check`'s default `--at`.
    public var lastSampleTime: Double? {
        let last = context.store.series.compactMap(\.timestamps.last).max()
        return last.map { Double($0) / 1000 }
    }
}
