import VigilEngines
import VigilLive
import VigilRules
import VigilRuntime
import VigilSeries
import VigilStore
import VigilSyntax

/// One canary deployment driven through the language on a virtual clock: each analysis tick
/// moves the clock, lets the simulator (when there is one) write the interval's telemetry at
/// the coordinator's weight, evaluates the rules and the judge on the candidate (with
/// `baseline` on the stable version), and hands the analysis to the coordinator. Also the
/// value a script sees for the canary: `status`, `weight`, `stable`, `candidate`.
public final class CanaryRun: RuntimeObject {
    public let plan: CanaryPlan
    /// Set only here and by the traffic path (CanaryTraffic.swift), which rolls back a failed change.
    public internal(set) var coordinator: CanaryCoordinator
    /// The timeline, one line per tick and per event, times relative to the start.
    public private(set) var timeline: [String] = []
    public private(set) var simulator: TelemetrySimulator?
    /// Where the weights go (`traffic …`): every weight change passes through it.
    let traffic: TrafficActions?
    /// The wall clock of a live source, for a canary that moves real traffic.
    private let live: LiveCanaryClock?
    unowned let session: VigilSession
    let baseline: CanaryBaseline
    private(set) var rules: [CanaryRule] = []
    private var judge: CanaryJudgeBinding?
    private var recorder: DeploymentRecorder?
    private let start: Timestamp
    private let end: Timestamp
    private(set) var time: Timestamp
    /// The signals the timeline shows for both versions.
    private var shownSignals: [String] = []

    init(plan: CanaryPlan, session: VigilSession, simulation: SimulationPlan?, database: VigilDatabase?,
         live: LiveCanaryClock? = nil) throws {
        self.plan = plan
        self.session = session
        self.live = live
        coordinator = CanaryCoordinator(configuration: plan.configuration)
        baseline = CanaryBaseline(plan: plan, context: session.context)
        if let simulation {
            do { simulator = try TelemetrySimulator(configuration: simulation.configuration) } catch let e as CanaryError {
                throw RuntimeError(e.message, file: plan.file, range: plan.decl.range)
            }
            start = simulation.configuration.start
            end = start + simulation.duration
        } else if let live {
            // As long as a simulated run may last: three times the planned steps.
            start = live.now() / 1000 * 1000
            end = start + Milliseconds(plan.configuration.plannedWeights.count)
                * max(plan.configuration.bake, plan.configuration.analysisInterval) * 3
        } else {
            let times = session.context.store.series.flatMap { [$0.timestamps.first, $0.timestamps.last].compactMap { $0 } }
            guard let first = times.min(), let last = times.max() else {
                throw RuntimeError("canary `\(plan.name)` has no data to analyse",
                                   hint: "run with --simulate, add a `simulate { … }` block, or give --data FILE",
                                   file: plan.file, range: plan.decl.nameRange ?? plan.decl.range)
            }
            start = first
            end = last
        }
        time = start
        traffic = try Self.trafficActions(plan: plan, session: session, live: live != nil, trust: live?.trust ?? .system,
                                          simulated: simulation != nil, database: database, start: start)
        super.init()
        baseline.stableIsDrained = { [unowned self] in self.coordinator.weight >= 1 }
        let service = session.services[plan.name]
        let environment = CompileEnvironment(names: namesInCanary, baseline: { [unowned self] in try self.baseline.hook($0) })
        let compile: (Expr) throws -> CompiledExpression = { try session.interpreter.compile($0, in: plan.file, environment: environment) }
        let constant: (Expr) throws -> Value = { try session.interpreter.evaluate(try compile($0), at: session.interpreter.evaluation) }
        let signalNames = service?.signalNames ?? []
        rules = try plan.rules.map { try CanaryRule($0, plan: plan, signalNames: signalNames, compile: compile, constant: constant) }
        if let e = plan.judge { judge = try CanaryJudgeBinding(e, plan: plan, compile: compile, constant: constant) }
        for rule in rules { for s in rule.signals where !shownSignals.contains(s) { shownSignals.append(s) } }
        if let database { recorder = try DeploymentRecorder(database: database, plan: plan, at: start) }
    }

    /// What code inside the canary names bare: its service's signals and its settings.
    private var namesInCanary: [String: () throws -> Value] {
        var names = session.services[plan.name]?.signalThunks ?? [:]
        let (stable, candidate, label) = (plan.stable, plan.candidate, plan.versionLabel)
        names["stable"] = { .string(stable) }
        names["candidate"] = { .string(candidate) }
        names["version_label"] = { .string(label) }
        // Read when used, so a hook sees the weight and status the event just set.
        names["weight"] = { [unowned self] in .number(self.coordinator.weight, Unit(.number, .percent)) }
        names["status"] = { [unowned self] in .string(self.coordinator.status.description) }
        return names
    }

    // MARK: - Driving

    /// Runs the deployment until it finishes or the run's end; returns the final status.
    /// On the live clock it waits for each tick; a run that ends unfinished there (at its end,
    /// on SIGINT or SIGTERM, or on an error) sends the traffic back to stable, as nothing
    /// would watch the candidate once vigil exits.
    @discardableResult
    public func run() throws -> CanaryStatus {
        if let traffic, let report = try preflight(traffic) { line(start, report) }
        note(try coordinator.start(at: start))
        try simulator?.advance(to: start, candidateWeight: coordinator.weight)
        let interval = plan.configuration.analysisInterval
        var schedule = EvaluationSchedule(start: start + interval, every: interval, through: end)
        var interrupted = false
        do {
            while let next = schedule.nextTime, !coordinator.status.isFinished {
                if let live, try !live.waitUntil(next) { interrupted = true; break }
                try tick(at: next)
                schedule.advance(0)
            }
        } catch {
            throw stopped(by: error)
        }
        if !coordinator.status.isFinished {
            let now = live == nil ? end : max(time, TrafficActions.wallClock())
            line(now, "\(interrupted ? "interrupted" : "stopped at the end of the run"), still \(coordinator.status) at \(percent(coordinator.weight))")
            backToStable(because: interrupted ? "interrupted" : "the run ended unfinished")
        }
        return coordinator.status
    }

    /// One analysis tick at `t`.
    func tick(at t: Timestamp) throws {
        time = t
        let weight = coordinator.weight
        // The session's own data, back in place after the tick: a runbook run after a
        // simulated canary reads the loaded samples, not an empty store.
        let loaded = session.context.store
        if var sim = simulator {
            simulator = nil  // one owner of the store while it grows, so appends do not copy it
            try sim.advance(to: t, candidateWeight: weight)
            session.context.store = sim.store
            simulator = sim
        }
        // The simulator is this run's data source: no live or missing source is consulted.
        let loader = session.context.seriesLoader
        if simulator != nil { session.context.seriesLoader = nil }
        defer {
            if simulator != nil { session.context.store = loaded }
            session.context.seriesLoader = loader
        }
        let interpreter = session.interpreter
        try interpreter.beginRequest(at: plan.file, plan.decl.nameRange ?? plan.decl.range)
        try interpreter.evaluating(Evaluation(time: Double(t) / 1000, narrowing: [plan.pin(for: plan.candidate)])) {
            var observations: [RuleObservation] = []
            var fired: [CanaryRule] = []
            for rule in rules {
                let before = rule.state
                let (state, started) = try rule.evaluate(at: t, interpreter)
                if state != before, state != .inactive || before != .nodata { line(t, "rule \"\(rule.name)\" \(state)") }
                if started { fired.append(rule) }
                if rule.isRollback { observations.append(RuleObservation(name: rule.name, state: state, observed: try observed(rule))) }
            }
            let verdict = try judgeVerdict()
            tickLine(t, weight)
            for rule in fired { for action in rule.actions { _ = try withCurrent { try interpreter.evaluate(action, at: interpreter.evaluation) } } }
            let analysis = CanaryAnalysis(rules: observations, judge: verdict, candidateHadTraffic: candidateHadTraffic(at: t))
            note(try coordinator.tick(at: t, analysis: analysis))
        }
    }

    private func judgeVerdict() throws -> JudgeVerdict? {
        guard let judge else { return nil }
        let interpreter = session.interpreter
        let candidate = try interpreter.evaluate(judge.subject, at: interpreter.evaluation)
        let stable = try interpreter.evaluate(judge.subject, at: interpreter.evaluation.narrowed(to: [plan.pin(for: plan.stable)]))
        return judge.verdict(candidate: candidate, stable: stable)
    }

    /// The candidate served requests in the last interval: one of its counters (`_total`,
    /// `_count`) increased; without counters, any sample of it in the interval.
    private func candidateHadTraffic(at t: Timestamp) -> Bool {
        let series = session.context.store.select([plan.matcher(for: plan.candidate)])
        let interval = plan.configuration.analysisInterval
        let counters = series.filter { s in ["_total", "_count"].contains { (s.labels.metricName ?? "").hasSuffix($0) } }
        if counters.isEmpty { return series.contains { $0.last(at: t, lookback: interval) != nil } }
        return counters.contains { ($0.increase(at: t, window: interval) ?? 0) > 0 }
    }

    /// The candidate's value of each signal the rule reads, and its baseline.
    private func observed(_ rule: CanaryRule) throws -> [ObservedValue] {
        var out: [ObservedValue] = []
        for name in rule.signals {
            if let v = try session.services[plan.name]?.signal(name), let x = v.scalar {
                out.append(ObservedValue(name, x, shown: v.brief))
            }
            if let b = baseline.latest[name], let x = b.scalar { out.append(ObservedValue("baseline \(name)", x, shown: b.brief)) }
        }
        return out
    }

    // MARK: - Operator actions (the builtins call these at the current time)

    func pause(reason: String?) throws { note(try coordinator.pause(at: time, reason: reason)) }
    func resume() throws { note(try coordinator.resume(at: time)) }
    func abort(reason: String?) throws { note(try coordinator.abort(at: time, reason: reason)) }
    func killSwitch() throws { note(try coordinator.killSwitch(at: time)) }
    func setWeight(_ weight: Double) throws { note(try coordinator.setWeight(weight, at: time)) }

    // MARK: - Events, hooks and the timeline

    func note(_ events: [CanaryEvent]) {
        for (index, event) in events.enumerated() {
            pendingEvents.append(event)
            // A step's own weight change and the start itself say nothing the step line does not.
            if case .started = event.kind { continue }
            if case .weightChanged = event.kind, index > 0, case .stepStarted = events[index - 1].kind { continue }
            line(event.time, describe(event.kind))
        }
        guard !handlingEvents else { return }
        handlingEvents = true
        defer { handlingEvents = false }
        while !pendingEvents.isEmpty {
            let event = pendingEvents.removeFirst()
            if case .weightChanged(_, let share) = event.kind { shiftTraffic(to: share, at: event.time) }
            do {
                try recorder?.record(event)
                try journal(event)
                try runHooks(for: event)
            } catch {
                line(event.time, "error: \(error)")
                hookError = hookError ?? error
            }
        }
    }
    /// An event in the timeline; blue/green's two steps are its preview and its switch.
    private func describe(_ kind: CanaryEventKind) -> String {
        guard plan.configuration.strategy == .blueGreen, case .stepStarted(let index, _) = kind else { return kind.description }
        return index == 0 ? "preview: \(plan.candidate) is up and serves no production traffic" : "switch: all traffic to \(plan.candidate)"
    }
    private var pendingEvents: [CanaryEvent] = []
    /// Transitions journaled so far: the position in each one's idempotency key.
    private var journaled = 0

    /// Every transition goes through the actions layer: planned in a replay or a simulated
    /// run, done once journaled where nothing outside the process is to be told.
    private func journal(_ event: CanaryEvent) throws {
        let kind: String
        switch event.kind {
        case .started: kind = "start"
        case .stepStarted: kind = "step"
        case .weightChanged: kind = "set_weight"
        case .paused: kind = "pause"
        case .resumed: kind = "resume"
        case .promoted: kind = "promote"
        case .rolledBack: kind = "rollback"
        case .aborted: kind = "abort"
        case .killSwitch: kind = "kill_switch"
        }
        journaled += 1
        try session.actionLog.journalTransition(canary: plan.name, kind: kind, detail: describe(event.kind),
                                                candidate: plan.candidate, time: event.time, position: journaled)
    }
    private var handlingEvents = false
    /// The first error a hook or the store raised; the run reports it when it ends.
    var hookError: Error?

    private func runHooks(for event: CanaryEvent) throws {
        switch event.kind {
        case .stepStarted(_, let weight):
            judge?.stepStarted(stableDrained: weight >= 1)
            try hooks("step")
        case .promoted: try hooks("promote")
        case .paused: try hooks("pause")
        case .aborted, .killSwitch: try hooks("abort")
        case .rolledBack:
            let report = RollbackSteps.run(for: self, at: event.time)
            for entry in report.summary.split(separator: "\n") { line(event.time, "  " + entry) }
        default: break
        }
    }

    /// Runs the `on EVENT` actions of the plan at the current time.
    func hooks(_ event: String) throws {
        for action in plan.hooks[event] ?? [] {
            // Inside the canary, `baseline` is the stable version here as in its rules.
            let env = CompileEnvironment(names: namesInCanary, baseline: { [unowned self] in try self.baseline.hook($0) })
            let code = try session.interpreter.compile(CanaryRule.asCall(action), in: plan.file, environment: env)
            _ = try withCurrent { try session.interpreter.evaluate(code, at: session.interpreter.evaluation) }
        }
    }

    /// Runs `body` with this canary as the target of bare actions and `candidate` etc.
    func withCurrent<T>(_ body: () throws -> T) rethrows -> T {
        let saved = session.canaries.current
        session.canaries.current = self
        defer { session.canaries.current = saved }
        return try body()
    }

    /// Where timeline lines go as they happen, besides `timeline`.
    var echo: ((String) -> Void)?

    func line(_ t: Timestamp, _ text: String) {
        let entry = CanaryTimelineText.offset(t - start).padding(toLength: 10, withPad: " ", startingAt: 0) + text
        timeline.append(entry)
        echo?("  " + entry)
    }

    private func tickLine(_ t: Timestamp, _ weight: Double) {
        var parts = [percent(weight).padding(toLength: 5, withPad: " ", startingAt: 0)]
        for name in shownSignals {
            let candidate = (try? session.services[plan.name]?.signal(name))??.brief ?? "nodata"
            let stable = baseline.latest[name]?.brief ?? "nodata"
            parts.append("\(name) \(candidate) (stable \(stable))")
        }
        if let judged = judge?.summary { parts.append(judged) }
        line(t, parts.joined(separator: "  "))
    }

    func percent(_ w: Double) -> String { CanaryTimelineText.percent(w) }

    // MARK: - RuntimeObject

    override public var typeName: String { "canary" }
    override public var display: String { "canary \(plan.name)" }
    override public var memberNames: [String] { ["name", "status", "weight", "stable", "candidate"] }
    override public func member(_ field: String) throws -> Value? {
        switch field {
        case "name": return .string(plan.name)
        case "status": return .string(coordinator.status.description)
        case "weight": return .number(coordinator.weight, Unit(.number, .percent))
        case "stable": return .string(plan.stable)
        case "candidate": return .string(plan.candidate)
        default: return nil
        }
    }
}
