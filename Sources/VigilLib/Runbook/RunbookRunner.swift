import VigilActions
import VigilCheck
import VigilRuntime
import VigilSeries
import VigilSyntax

/// Runs one runbook (LANGUAGE.md §11): its steps in order, each printed with its output,
/// and each `verify … within` polled at the runbook's `every` until it holds or time is up.
/// Actions in steps go through `RunbookActions`. A verification that times out ends the
/// run with a failure (exit 1); a step's error ends it with that error (exit 2).
struct RunbookRunner {
    let session: VigilSession
    let desk: RunbookDesk

    /// Runs the runbook; nil when it waits for a `verify` in the background (`vigil watch`).
    func run(_ decl: BlockDecl, file: SourceFile) throws -> EngineOutcome? {
        let interpreter = session.interpreter
        let evaluate: (Expr) throws -> Value = { try interpreter.evaluate(try interpreter.compile($0, in: file), at: interpreter.evaluation) }
        let settings = BlockSettings(decl, schema: RunbookBinding.block, file: file, evaluate: evaluate)
        let name = decl.name ?? "runbook"
        let service = try service(settings, file)
        var environment = session.environment(inService: service)
        // The label set whose firing started the run (`vigil watch`); empty for a run by hand.
        environment.names["trigger_labels"] = { [desk] in
            .record(Record((desk.running?.trigger?.labels.pairs ?? []).map { ($0.name, .string($0.value)) }))
        }
        let every = try settings.duration("every")
        guard every > 0 else { throw settings.fail("`every` needs a positive duration such as 30s", settings.setting("every")!.keyRange) }
        let guardrails = try RunbookGuardrails.read(decl, settings, file)
        let saved = interpreter.output
        desk.time = interpreter.now
        defer {
            interpreter.output = saved
            desk.running = nil
            desk.time = nil
        }
        desk.print = saved
        desk.running = RunbookDesk.Running(name: name, guardrails: guardrails, cost: try settings.number("cost", .money),
                                           service: service?.name, file: file.path,
                                           decoration: try AlertDecoration.read(Self.settings(of: decl), file: file) {
                                               try interpreter.evaluate(try interpreter.compile($1, in: file, environment: environment), at: interpreter.evaluation)
                                           }, trigger: desk.nextTrigger)
        desk.nextTrigger = nil
        desk.undelivered = []
        desk.raised = []
        let severity = try settings.setting("severity").map { " (severity \(try evaluate($0.values[0]).literal))" } ?? ""
        let labels = desk.running?.trigger.map { $0.labels.isEmpty ? "" : " for \($0.labels)" } ?? ""
        desk.note(.started, "runbook \(Value.string(name).literal)\(labels)\(severity)"
                  + (desk.options.dryRun ? " — dry run: every action is planned, none is delivered" : ""))
        return try proceed(RunbookProgress(decl: decl, file: file, environment: environment, every: every, name: name))
    }

    /// Runs the items from where `progress` stands to the end, or until a `verify` waits in
    /// the background (then the run is parked on the desk and nil is answered).
    func proceed(_ progress: RunbookProgress) throws -> EngineOutcome? {
        let name = progress.name
        var failure: String?
        do {
            switch try runItems(progress) {
            case .finished(let failed): failure = failed
            case .waiting(let parked):
                desk.park(parked)
                return nil
            }
        } catch let error as RuntimeError {
            // The timeline ends with why the run stopped, as the post-mortem needs it.
            desk.note(.finished, "runbook \(Value.string(name).literal) stopped: \(error.message)")
            throw error
        }
        if failure == nil, progress.decl.items.contains(where: { if case .verify = $0.kind { true } else { false } }) {
            try resolveRaised(name)
        }
        if failure == nil, !desk.undelivered.isEmpty {
            // A page that reached no one must not read as a run that went well.
            failure = "\(desk.undelivered.count) action\(desk.undelivered.count == 1 ? " was" : "s were") not delivered: "
                + desk.undelivered.joined(separator: "; ")
        }
        desk.note(.finished, failure.map { "runbook \(Value.string(name).literal) failed: \($0)" }
                  ?? "runbook \(Value.string(name).literal) done")
        return EngineOutcome(name: name, failure: failure, failsRun: true)
    }

    enum ItemsOutcome {
        /// Done: the failure of a verification, or nil.
        case finished(String?)
        /// A verification does not hold yet and polls again later, in the background.
        case waiting(RunbookProgress)
    }

    /// Runs the steps and verifications in order from `progress.next`.
    private func runItems(_ progress: RunbookProgress) throws -> ItemsOutcome {
        let (decl, file, environment, every) = (progress.decl, progress.file, progress.environment, progress.every)
        let interpreter = session.interpreter
        let saved = desk.print
        var failure: String?
        for (index, item) in decl.items.enumerated().dropFirst(progress.next) {
            switch item.kind {
            case .step(let title, _, let body):
                desk.running?.step += 1
                desk.running?.stepTitle = title
                desk.running?.phase = nil
                desk.note(.step, "step \(desk.running?.step ?? 0): \(title)")
                desk.print = { saved("  " + $0) }
                interpreter.output = { [desk] in desk.note(.output, $0) }
                defer {
                    desk.print = saved
                    interpreter.output = saved
                }
                interpreter.beginRequest()
                _ = try interpreter.evaluate(try interpreter.compile(Self.call(body), in: file, environment: environment),
                                             at: desk.evaluation)
            case .verify(let condition, let within):
                desk.running?.phase = "verify"
                let start = index == progress.next ? progress.verifyStart ?? desk.now : desk.now
                switch try verify(condition, within: within, every: every, since: start, file, environment) {
                case .held: break
                case .failed(let why): failure = why
                case .waiting:
                    var parked = progress
                    parked.next = index
                    parked.verifyStart = start
                    parked.lastPoll = desk.now
                    return .waiting(parked)
                }
            default:
                continue
            }
            if failure != nil { break }
        }
        return .finished(failure)
    }

    /// A run by hand sends its pages once (no rule is left to re-send them; Alertmanager ends
    /// them at their `endsAt`, four resend periods on). When its `verify` held, the problem
    /// they reported is gone, so they are resolved at once, as a rule's resolution would.
    private func resolveRaised(_ runbook: String) throws {
        guard let journal = desk.journal, !desk.raised.isEmpty else { return }
        let origin = Action.Origin(kind: .step, name: runbook, trigger: "verify")
        let records = try journal.layer.resolveEvents(desk.raised, origin: origin,
                                                      keyPrefix: "step:\(runbook)|\(journal.layer.run)", at: desk.now)
        desk.raised = []
        let delivered = try journal.deliverNow(records.map(\.key)).filter { $0.state == .delivered }.count
        desk.note(.action, "resolved \(delivered) of \(records.count) alert\(records.count == 1 ? "" : "s") this run sent: verify held")
    }

    /// The block's settings, as written.
    static func settings(of decl: BlockDecl) -> [Setting] {
        decl.items.compactMap { item in if case .setting(let s) = item.kind { return s } else { return nil } }
    }

    /// The service whose signals the runbook names bare (`service api`).
    private func service(_ settings: BlockSettings, _ file: SourceFile) throws -> ServiceObject? {
        guard settings.setting("service") != nil else { return nil }
        let (word, range) = try settings.word("service")
        guard let service = session.services[word] else {
            throw settings.fail("no service named `\(word)`", range ?? settings.decl.range)
        }
        return service
    }

    /// A step's body as a call of a function without parameters, so it compiles and runs as
    /// any other code with its own local scope.
    static func call(_ body: Block) -> Expr {
        let function = Expr(.lambda(FunctionLiteral(params: [], body: .block(body), range: body.range)), body.range)
        return Expr(.call(function, []), body.range)
    }

    enum Verification { case held, failed(String), waiting }

    /// Polls the condition until it holds or `within` (from `start`) is over. In the
    /// background (`vigil watch`) it polls once and answers `waiting` when time is left.
    private func verify(_ condition: Expr, within: Expr?, every: Milliseconds, since start: Timestamp,
                        _ file: SourceFile, _ environment: CompileEnvironment) throws -> Verification {
        let interpreter = session.interpreter
        let compiled = try interpreter.compile(condition, in: file, environment: environment)
        let limit = try within.map { try VigilSession.constantDuration($0, "within", file) } ?? 0
        let text = "verify " + file.slice(condition.range) + (within.map { " within " + file.slice($0.range) } ?? "")
        while true {
            interpreter.beginRequest()
            interpreter.nodataReasons = []
            var comparisons: [ObservedComparison] = []
            let value = try interpreter.evaluate(compiled, at: desk.evaluation, comparisons: &comparisons)
            // Shown at the verify's own time: a bare selection among the operands is read when shown.
            var observed = interpreter.evaluating(desk.evaluation) {
                let shown = ObservedValues.render(comparisons, for: Labels(), condition: value)
                return shown.isEmpty ? ObservedComparison.show(value) : shown
            }
            if case .nodata = value, let reason = interpreter.nodataReasons.first { observed += " (\(reason))" }
            let elapsed = desk.now - start
            if desk.options.dryRun {
                // A plan does not wait: it says what the check would see now.
                desk.note(.verify, "\(text): would poll every \(Self.duration(every)); now \((try Self.holds(value)) ? "holds" : "does not hold"): \(observed)")
                return .held
            }
            if try Self.holds(value) {
                desk.note(.verify, "\(text): holds after \(Self.duration(elapsed)): \(observed)")
                return .held
            }
            if elapsed + every > limit {
                desk.note(.verify, "\(text): does not hold after \(Self.duration(elapsed)): \(observed)")
                return .failed("\(text) did not hold in time: \(observed)")
            }
            if desk.options.verifyInBackground {
                if elapsed == 0 { desk.note(.verify, "\(text): does not hold yet (\(observed)); polling every \(Self.duration(every)) while the watch goes on") }
                return .waiting
            }
            if let wait = desk.options.waitForNextPoll {
                desk.time = try wait(Double(every) / 1000)
            } else {
                desk.time = (desk.time ?? interpreter.now) + Double(every) / 1000
            }
        }
    }

    /// Only a true condition passes; nodata and unknown never do.
    static func holds(_ value: Value) throws -> Bool {
        switch value {
        case .bool(let b): return b
        case .object(let o):
            if case .known(let b) = try o.truth() { return b }
            return false
        default: return false
        }
    }

    static func duration(_ ms: Milliseconds) -> String { Value.number(Double(ms) / 1000, .duration).literal }
}
