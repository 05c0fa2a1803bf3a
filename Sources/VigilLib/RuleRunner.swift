import VigilRules
import VigilRuntime
import VigilSeries
import VigilSyntax

/// A change of one label set's reported state (`inactive`, `pending`, `firing`, `nodata`),
/// with the values that caused it and the actions it ran.
public struct RuleTransitionRecord {
    public let rule: String
    public let labels: Labels
    public let from: RuleState
    public let to: RuleState
    /// The evaluation time, in milliseconds.
    public let time: Timestamp
    /// The condition's comparisons for this label set: `error_rate = 1.2% > 1%`.
    public let observed: String
    /// The actions the transition recorded (on firing: `then`; on resolution: `resolve`).
    public let actions: [RecordedAction]
}

/// One evaluation of one rule, as `vigil test` reads it.
public struct RuleTick {
    public let rule: CompiledRule
    public let time: Timestamp
    /// Every tracked label set after the evaluation.
    public let statuses: [AlertStatus]
    let comparisons: [ObservedComparison]
    /// The condition's value, when the interpreter evaluated it.
    let condition: Value?

    /// The rule's state across its label sets (`RuleState(combining:)`).
    public var state: RuleState { RuleState(combining: statuses.lazy.map(\.reportedState)) }

    /// What the condition observed, for the label sets in the rule's current state (or for
    /// the condition as a whole when none is tracked).
    public var observed: String {
        let shown = statuses.filter { $0.reportedState == state }.map(\.labels)
        if shown.isEmpty { return ObservedValues.render(comparisons, for: Labels(), condition: condition) }
        return shown.map { labels in
            (labels.isEmpty ? "" : labels.fingerprint + ": ") + ObservedValues.render(comparisons, for: labels, condition: condition)
        }.joined(separator: "; ")
    }
}

/// Evaluates rules on a virtual clock: each rule at its own `every` (default 30s, or one
/// interval for all), with one state machine per rule and label set. Actions are recorded
/// in the session's action log, never delivered.
public final class RuleRunner {
    public let session: VigilSession
    public let rules: [CompiledRule]
    var machines: [RuleStateMachine]
    /// Whether a replay whose rules all compiled to kernels may run each rule on its own
    /// (`RuleByRuleReplay`; the default); off, every rule is evaluated tick by tick.
    public var evaluatesDirectly = true
    /// Whether a replay whose rules are all direct may use every core (`RuleByRuleReplay`).
    public var evaluatesConcurrently = true
    /// Ticks of the shortest interval a rule-by-rule replay runs its jobs through at a time,
    /// recording the changes of one span while the jobs run the next: many, so a span's
    /// blocks are whole (1,024 ticks a direct job's, 4,096 a burn-rate job's).
    public var spanTicks = 4096
    /// Each rule's reported state per label set after its last evaluation, sorted by label set.
    var reported: [[(labels: Labels, state: RuleState)]]

    public init(session: VigilSession, rules: [CompiledRule]) {
        self.session = session
        self.rules = rules
        machines = rules.map { RuleStateMachine(for: $0.forDuration, keepFiringFor: $0.keepFiringFor) }
        reported = rules.map { _ in [] }
    }

    /// Each rule's held states (pending and firing label sets), to be saved across restarts.
    public var heldStates: [String: [AlertStatus]] {
        Dictionary(uniqueKeysWithValues: zip(rules, machines).map { rule, machine in
            (rule.name, machine.statuses.filter { $0.state != .inactive })
        })
    }

    /// Takes up held states saved by an earlier process: a firing alert stays firing (it is
    /// not paged again) and a pending one keeps its `activeSince`.
    public func restore(_ held: [String: [AlertStatus]]) {
        for index in rules.indices {
            guard let statuses = held[rules[index].name], !statuses.isEmpty else { continue }
            machines[index].restore(statuses)
            reported[index] = machines[index].statuses.map { (labels: $0.labels, state: $0.reportedState) }
        }
    }

    /// The interval a rule evaluates at.
    public static func interval(of rule: CompiledRule, override: Milliseconds?) -> Milliseconds {
        override ?? rule.every ?? EvaluationSchedule.defaultInterval
    }

    /// Evaluates every rule from `start` through `end` (inclusive), in time order; `observe`
    /// sees each evaluation. Returns every reported-state transition in time order.
    @discardableResult
    public func run(from start: Timestamp, through end: Timestamp, every override: Milliseconds? = nil,
                    observe: ((RuleTick) -> Void)? = nil) throws -> [RuleTransitionRecord] {
        let intervals = rules.map { Self.interval(of: $0, override: override) }
        // Muted notifications whose silence ended are sent (at the silence's end) before the
        // changes at or after it: here, before each change's actions, and at the end.
        try session.actionLog.releaseNotifications(at: start)
        if canReplayRuleByRule(observe: observe),
           let transitions = try replayRuleByRule(from: start, through: end, intervals: intervals) {
            try session.actionLog.releaseNotifications(at: end)
            return transitions
        }
        var schedule = EvaluationSchedule(start: start, intervals: intervals, through: end)
        var transitions: [RuleTransitionRecord] = []
        while let time = schedule.nextTime {
            for index in rules.indices where schedule.isDue(index, at: time) {
                try evaluate(index, at: time, into: &transitions, observe: observe)
                schedule.advance(index)
            }
        }
        try session.actionLog.releaseNotifications(at: end)
        return transitions
    }

    private func evaluate(_ index: Int, at time: Timestamp, into transitions: inout [RuleTransitionRecord],
                          observe: ((RuleTick) -> Void)?) throws {
        // The condition and the actions a change runs all see this evaluation's time.
        let evaluation = Evaluation(time: Double(time) / 1000)
        try session.interpreter.evaluating(evaluation) {
            try evaluate(index, evaluation, at: time, into: &transitions, observe: observe)
        }
    }

    private func evaluate(_ index: Int, _ evaluation: Evaluation, at time: Timestamp,
                          into transitions: inout [RuleTransitionRecord], observe: ((RuleTick) -> Void)?) throws {
        let rule = rules[index], interpreter = session.interpreter
        try interpreter.beginRequest(at: rule.file, rule.decl.condition.range)
        // Comparisons are kept only where someone reads them: every tick under `observe`
        // (`vigil test`), else only the ticks that change something, evaluated again.
        var comparisons: [ObservedComparison] = []
        let conditions: [(labels: Labels, condition: Bool?)]
        var value: Value?
        let evaluated = observe == nil ? try interpreter.evaluate(rule.condition, at: evaluation)
            : try interpreter.evaluate(rule.condition, at: evaluation, comparisons: &comparisons)
        conditions = try Self.conditions(evaluated, file: rule.file, range: rule.decl.condition.range,
                                         tracked: machines[index])
        value = evaluated
        let change = StateChange(machines[index].evaluate(at: time, each: conditions), after: reported[index])
        if change.matters {
            var condition = value
            if observe == nil {
                try interpreter.beginRequest(at: rule.file, rule.decl.condition.range)
                condition = try interpreter.evaluate(rule.condition, at: evaluation, comparisons: &comparisons)
            }
            try record(change, of: index, comparisons, condition: condition, into: &transitions)
        }
        observe?(RuleTick(rule: rule, time: time, statuses: change.evaluation.statuses, comparisons: comparisons,
                          condition: value))
    }

    /// What one evaluation changed: the state machine's transitions, and the reported
    /// states before and after.
    struct StateChange: Sendable {
        let evaluation: RuleEvaluation
        let before: [(labels: Labels, state: RuleState)]
        let now: [(labels: Labels, state: RuleState)]
        /// Whether a label set's reported state changed or actions run: only then does the
        /// evaluation leave a record.
        let matters: Bool

        init(_ evaluation: RuleEvaluation, after before: [(labels: Labels, state: RuleState)]) {
            self.evaluation = evaluation
            self.before = before
            now = evaluation.statuses.map { (labels: $0.labels, state: $0.reportedState) }
            // Both lists are sorted by label set, so comparing them element by element finds
            // the common case (nothing changed) without hashing a label set.
            let unchanged = now.elementsEqual(before) { $0.labels == $1.labels && $0.state == $1.state }
            matters = !unchanged || evaluation.transitions.contains { $0.kind == .fired || $0.kind == .resolved }
        }
    }

    /// Runs a change's actions and appends its records, with the condition's comparisons at
    /// that evaluation; the rule's reported states become the change's.
    func record(_ change: StateChange, of index: Int, _ comparisons: [ObservedComparison], condition: Value? = nil,
                into transitions: inout [RuleTransitionRecord]) throws {
        let rule = rules[index], time = change.evaluation.time
        try session.actionLog.releaseNotifications(at: time)
        var actionsByLabels: [Labels: [RecordedAction]] = [:]
        // A label set's text, made once: its transition's actions and its record both show it.
        var observedText: [Labels: String] = [:]
        func observed(_ labels: Labels) -> String {
            if let text = observedText[labels] { return text }
            let text = ObservedValues.render(comparisons, for: labels, condition: condition)
            observedText[labels] = text
            return text
        }
        for transition in change.evaluation.transitions {
            let observed = observed(transition.labels)
            switch transition.kind {
            case .fired:
                actionsByLabels[transition.labels] = try runActions(rule.actions, rule, transition, .fired, observed)
            case .resolved:
                actionsByLabels[transition.labels] = try runActions(rule.resolveActions, rule, transition, .resolved, observed)
            case .activated, .cancelled: break
            }
        }
        let before = Dictionary(uniqueKeysWithValues: change.before.map { ($0.labels, $0.state) })
        let now = Dictionary(uniqueKeysWithValues: change.now.map { ($0.labels, $0.state) })
        for labels in Set(before.keys).union(now.keys).sorted() {
            let from = before[labels] ?? .inactive, to = now[labels] ?? .inactive
            guard from != to || actionsByLabels[labels] != nil else { continue }
            transitions.append(RuleTransitionRecord(
                rule: rule.name, labels: labels, from: from, to: to, time: time,
                observed: observed(labels),
                actions: actionsByLabels[labels] ?? []))
        }
        reported[index] = change.now
    }

    private func runActions(_ actions: [CompiledRule.Action], _ rule: CompiledRule, _ transition: Transition,
                            _ trigger: RecordedAction.Trigger, _ observed: String) throws -> [RecordedAction] {
        let log = session.actionLog
        let first = log.actions.count
        let decoration = try AlertDecoration.read(rule.decl.settings, file: rule.file) { key, _ in
            try session.interpreter.evaluate(rule.decorationCode[key]!, at: session.interpreter.evaluation)
        }
        try log.running(rule: rule.name, labels: transition.labels, time: transition.time, trigger: trigger,
                        observed: observed, file: rule.file.path, service: rule.service, decoration: decoration) {
            for action in actions {
                switch action {
                case .call(let code): _ = try session.interpreter.evaluate(code, at: session.interpreter.evaluation)
                case .bare(let name, let target): try log.recordBare(name, target: target)
                }
            }
        }
        return Array(log.actions[first...])
    }

    /// A condition's value per label set: a bool is the empty label set, nodata is unknown;
    /// errors point at the condition, at `range` in `file`. Rules and canaries read it alike.
    /// A plain bool holds for every label set the rule tracks, too: `enabled and v` with
    /// `enabled` false is decided without `v`, and its label sets are then false (resolved),
    /// not missing (held as nodata).
    static func conditions(_ value: Value, file: SourceFile, range: SourceRange,
                           tracked machine: RuleStateMachine? = nil) throws -> [(labels: Labels, condition: Bool?)] {
        switch value {
        case .bool(let b):
            return [(Labels(), b)] + (machine?.statuses ?? []).compactMap { $0.labels.isEmpty ? nil : ($0.labels, b) }
        case .nodata: return [(Labels(), nil)]
        case .object(let o as VectorValue):
            do { return try o.conditionList() } catch let e as ObjectError {
                throw RuntimeError(e.message, hint: e.hint, file: file, range: range)
            }
        // An anomaly holds per label set while open; `anomaly(…)` is false once all have ended.
        case .object(let anomaly as AnomalyValue): return anomaly.conditions
        default:
            throw RuntimeError("a rule's condition must be true or false, found \(value.described)",
                               hint: "compare it, as in `error_rate > 1%`", file: file, range: range)
        }
    }
}
