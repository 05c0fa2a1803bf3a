import VigilEngines
import VigilRuntime
import VigilSeries
import VigilStore
import VigilSyntax

/// The canaries of a session: runs them (simulated or against the loaded data), knows which
/// one bare actions act on, and opens the deployment store when one is first needed.
public final class CanaryRegistry {
    unowned let session: VigilSession
    /// The canary whose hook or rule action is running: what `pause`, `kill_switch` … act on.
    var current: CanaryRun?
    /// Every canary run so far, by name.
    public private(set) var runs: [String: CanaryRun] = [:]
    /// Opens the deployment store; nil records nothing (deployments() is then empty).
    public var openDatabase: (() throws -> VigilDatabase)?
    /// True when `openDatabase` opens the default store (`useStore(at: nil)`), which
    /// simulated canaries never record in; a store that was named or set directly they do.
    private var storeIsDefault = false
    private var database: VigilDatabase?
    /// Where simulated canaries record when no store was named: made-up deployments must
    /// never show up in the real history. Once it exists, deployments() reads it too.
    private var simulationDatabase: VigilDatabase?
    /// Writes each timeline line as it happens (the CLI); tests read `CanaryRun.timeline`.
    public var printsTimeline = true

    init(session: VigilSession) {
        self.session = session
    }

    /// The canary blocks of the loaded programs, in order.
    public var declared: [(decl: BlockDecl, file: SourceFile)] {
        session.interpreter.blocks.filter { $0.decl.kind == .canary }
    }

    /// Points the canaries at `path` (`--db`; ":memory:" for a private one), else at the
    /// default store, opened only when a canary or `deployments()` first needs it, so
    /// scripts without canaries never create a file.
    public func useStore(at path: String?) {
        storeIsDefault = path == nil
        openDatabase = {
            if let path { return path == ":memory:" ? try VigilDatabase.inMemory() : try VigilDatabase(path: path) }
            return try VigilDatabase.openDefault()
        }
    }

    /// The store, opened on first use; for a simulated run, a private one unless a store was named.
    func store(simulated: Bool = false) throws -> VigilDatabase? {
        if storeIsDefault && (simulated || simulationDatabase != nil) {
            if simulationDatabase == nil { simulationDatabase = try VigilDatabase.inMemory() }
            return simulationDatabase
        }
        if let database { return database }
        database = try openDatabase?()
        return database
    }

    /// Runs every declared canary to its end on a virtual clock. With `simulate`, or when the
    /// program has a `simulate` block for it, the simulator supplies the telemetry in closed
    /// loop with the canary's weight; otherwise the session's loaded data does.
    /// A canary with a `traffic` target on a `live` clock runs on it and moves real traffic.
    @discardableResult
    public func runAll(simulate: Bool = false, live: LiveCanaryClock? = nil) throws -> [CanaryRun] {
        try declared.compactMap { try run($0.decl, file: $0.file, simulate: simulate, live: live) }
    }

    /// The declared canary called `name`, for `vigil run FILE NAME`; an unknown name is an
    /// error that offers the closest declared one, or lists them.
    public func declaration(named name: String) throws -> (decl: BlockDecl, file: SourceFile) {
        if let found = declared.first(where: { $0.decl.name == name }) { return found }
        let names = declared.compactMap(\.decl.name)
        let hint = Spelling.hint(for: name, in: names)
            ?? (names.isEmpty ? "the file declares no canary" : "its canaries: " + names.map { "`\($0)`" }.joined(separator: ", "))
        throw UnknownCanary(name: name, hint: hint)
    }

    /// Runs one canary block; nil when `--dry-run` on a live source only printed its plan.
    @discardableResult
    public func run(_ decl: BlockDecl, file: SourceFile, simulate: Bool = false, live: LiveCanaryClock? = nil) throws -> CanaryRun? {
        let interpreter = session.interpreter
        let constant: (Expr) throws -> Value = { try interpreter.evaluate(try interpreter.compile($0, in: file), at: interpreter.evaluation) }
        let plan = try CanaryPlan(decl, file: file, evaluate: constant)
        let block = interpreter.blocks.last { $0.decl.kind == .simulate && ($0.decl.name == nil || $0.decl.name == plan.name) }
        let simulation = simulate || block != nil
            ? try SimulationPlan(for: plan, block: block.map { ($0.decl, $0.file) }, evaluate: { e in
                try interpreter.evaluate(try interpreter.compile(e, in: block?.file ?? file), at: interpreter.evaluation) })
            : nil
        let database: VigilDatabase?
        do { database = try store(simulated: simulation != nil) } catch {
            throw RuntimeError("cannot open the deployment store: \(error)", hint: "give --db PATH or set VIGIL_DB",
                               file: file, range: decl.nameRange ?? decl.range)
        }
        // Real traffic moves only on the live clock; elsewhere the target's changes are recorded.
        let clock = simulation == nil && plan.traffic != nil ? live : nil
        if let clock, session.runbooks.options.dryRun {
            for line in try CanaryRun.dryRunPlan(plan: plan, session: session, trust: clock.trust) { interpreter.output(line) }
            return nil
        }
        let run = try CanaryRun(plan: plan, session: session, simulation: simulation, database: database, live: clock)
        runs[plan.name] = run
        run.echo = printsTimeline ? { [unowned interpreter] in interpreter.output($0) } : nil
        var source = simulation.map { "simulated, seed \($0.configuration.seed)" } ?? clock.map { "live: \($0.source)" } ?? "recorded data"
        if let traffic = run.traffic { source += "; traffic via \(traffic.target)" + (traffic.mode == .deliver ? "" : ", recorded only") }
        run.echo?("canary \(plan.name): \(plan.stable) → \(plan.candidate), "
                  + "\(plan.configuration.strategy == .blueGreen ? "blue/green" : "steps " + plan.configuration.steps.map(CanaryTimelineText.percent).joined(separator: " ")), "
                  + "bake \(Value.number(Double(plan.configuration.bake) / 1000, .duration).literal), "
                  + "every \(Value.number(Double(plan.configuration.analysisInterval) / 1000, .duration).literal) (\(source))")
        let status = try run.run()
        if let error = run.hookError {
            if let e = error as? RuntimeError { throw e }
            throw RuntimeError("canary `\(plan.name)`: \(error)", file: file, range: decl.nameRange ?? decl.range)
        }
        run.echo?("canary \(plan.name): \(status)")
        return run
    }

    /// The run of the canary `target` names (a name or a canary value), else the current one.
    func target(_ value: Value, _ call: BuiltinCall, action: String) throws -> CanaryRun {
        switch value {
        case .none:
            if let current { return current }
            if runs.count == 1, let only = runs.values.first { return only }
            throw call.error("`\(action)` needs a canary here", hint: "name it: \(action)(\"checkout\")")
        case .string(let name):
            if let run = runs[name] { return run }
            let known = declared.compactMap(\.decl.name)
            if known.contains(name) { throw call.error("canary `\(name)` has not started yet") }
            throw call.error("no canary named `\(name)`", hint: Spelling.hint(for: name, in: known))
        case .object(let run as CanaryRun): return run
        case .object(let service as ServiceObject): return try target(.string(service.name), call, action: action)
        default: throw call.error("`\(action)` acts on a canary, found \(value.described)")
        }
    }
}

/// `vigil run FILE NAME` named a canary the file does not declare.
public struct UnknownCanary: Error, CustomStringConvertible {
    /// The name asked for.
    public let name: String
    /// The closest declared name (`did you mean `checkout`?`), or the declared ones.
    public let hint: String
    public var description: String { "no canary named `\(name)`; \(hint)" }
}
