import Dispatch
import Foundation
import Synchronization
import VigilRules
import VigilRuntime
import VigilSeries
import VigilSyntax

/// A replay whose rules' conditions all compiled to kernels (`DirectCondition`) needs the
/// interpreter only for the actions of a rule that changes state. Rules are independent —
/// each has its own windows and state machines — so each rule's replay is a value
/// (`RuleReplayJob`: its kernel's spec, its series, its windows and state machine) run
/// through the whole range on its own, on every core, returning the changes it found with
/// the values it compared; then, in time order on one thread, each change's comparison is
/// made, its actions run and its records are made. The result is the sequential replay's,
/// record for record (`DirectConditionTests`).
extension RuleRunner {
    /// Whether `run` may evaluate rule by rule: no observer, every rule direct or made of
    /// burn-rate kernels, no live source (which loads series through the session as
    /// selections are made), and a step budget each evaluation fits in (the compiled code
    /// counts `kernelSteps` per kernel it evaluates, so a smaller budget fails every
    /// evaluation, as the tick-by-tick replay reports).
    func canReplayRuleByRule(observe: ((RuleTick) -> Void)?) -> Bool {
        let kernelsPerEvaluation = rules.map { $0.burnRates?.kernels.count ?? 1 }.max() ?? 1
        return observe == nil && evaluatesDirectly && session.context.seriesLoader == nil
            && session.interpreter.options.maxSteps >= kernelSteps * kernelsPerEvaluation && rules.allSatisfy(\.replaysOnItsOwn)
    }

    /// The threads the replay uses: every core, unless told to use one.
    var workers: Int { evaluatesConcurrently ? min(rules.count, ProcessInfo.processInfo.activeProcessorCount) : 1 }

    /// One rule's job, of either kind.
    private enum Job: Sendable {
        case direct(RuleReplayJob)
        case burnRates(BurnRateReplayJob)

        consuming func run(deadline: UInt64) -> Outcome? {
            switch self {
            case .direct(let job): job.run(deadline: deadline).map(Outcome.direct)
            case .burnRates(let job): job.run(deadline: deadline).map(Outcome.burnRates)
            }
        }
    }

    private enum Outcome: Sendable {
        case direct(RuleReplayJob.Outcome)
        case burnRates(BurnRateReplayJob.Outcome)

        var machine: RuleStateMachine {
            switch self { case .direct(let o): o.machine; case .burnRates(let o): o.machine }
        }
        var reported: [(labels: Labels, state: RuleState)] {
            switch self { case .direct(let o): o.reported; case .burnRates(let o): o.reported }
        }
    }

    /// Where a rule's job came from, to put its windows back and make its comparisons.
    private enum Site {
        case direct(DirectCondition, series: [Series], windows: SiteStates<SlidingWindow>)
        case burnRates(BurnRateCondition)
    }

    /// The rule-by-rule replay from `start` through `end`; nil when a condition cannot be
    /// evaluated directly after all, so the caller replays sequentially (the rules' states are
    /// then unchanged, and their windows start over as time goes back).
    func replayRuleByRule(from start: Timestamp, through end: Timestamp, intervals: [Milliseconds]) throws -> [RuleTransitionRecord]? {
        // Made here, on one thread: each job then owns its rule's windows and state machine.
        var sites: [Site] = []
        for rule in rules {
            if let direct = rule.direct, let (selection, windows) = direct.prepare() {
                sites.append(.direct(direct, series: selection.series, windows: windows))
            } else if rule.direct == nil, let burnRates = rule.burnRates, burnRates.kernels.allSatisfy({ $0.prepare() != nil }) {
                sites.append(.burnRates(burnRates))
            } else {
                return nil
            }
        }
        var jobs: [Job] = []
        for (index, site) in sites.enumerated() {
            let schedule = (start: start, every: intervals[index], end: end)
            switch site {
            case .direct(let direct, let series, let windows):
                jobs.append(.direct(direct.job(rule: index, series, windows, schedule: schedule, machine: machines[index],
                                               reported: reported[index])))
            case .burnRates(let condition):
                // Every kernel prepared above, so the job takes all its windows.
                guard let job = condition.job(rule: index, schedule: schedule, machine: machines[index],
                                              reported: reported[index]) else { return nil }
                jobs.append(.burnRates(job))
            }
        }
        // Past the time limit a job stops without an outcome. That is the limit, said as such:
        // going on tick by tick instead would be the same work, many times slower, unsaid.
        guard let outcomes = Self.run(jobs, workers: workers, deadline: session.interpreter.deadline) else {
            let timeout = QuantityFormat.duration(session.interpreter.options.timeout)
            throw RuntimeError("time limit of \(timeout) exceeded replaying \(rules.count) rule\(rules.count == 1 ? "" : "s") "
                               + "rule by rule from \(Self.clock(start)) to \(Self.clock(end)) (raise it with --timeout)",
                               file: rules[0].file, range: rules[0].decl.condition.range)
        }
        restore(sites, outcomes.map { Optional($0) })
        // Time order, and at one time rule order, as the sequential replay evaluates them.
        // Each change with the rule it belongs to and where it stands in its job's findings.
        var found: [(change: StateChange, rule: Int, item: Int)] = []
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case .direct(let o): found += o.found.indices.map { (change: o.found[$0].change, rule: index, item: $0) }
            case .burnRates(let o): found += o.found.indices.map { (change: o.found[$0].change, rule: index, item: $0) }
            }
        }
        found.sort { ($0.change.evaluation.time, $0.rule) < ($1.change.evaluation.time, $1.rule) }
        var comparisons: [[ObservedComparison]] = []
        comparisons.reserveCapacity(found.count)
        for item in found {
            let made: [ObservedComparison]?
            switch (outcomes[item.rule], sites[item.rule]) {
            case (.direct(let o), .direct(let direct, _, _)): made = try? direct.comparisons(of: o.found[item.item].values)
            case (.burnRates(let o), .burnRates(let condition)): made = try? condition.comparisons(o.found[item.item].evaluated)
            default: made = nil
            }
            guard let made else { return nil }
            comparisons.append(made)
        }
        var transitions: [RuleTransitionRecord] = []
        for (item, comparisons) in zip(found, comparisons) {
            // The actions a change runs see its evaluation's time.
            try session.interpreter.evaluating(Evaluation(time: Double(item.change.evaluation.time) / 1000)) {
                try session.interpreter.beginRequest(at: rules[item.rule].file, rules[item.rule].decl.condition.range)
                try record(item.change, of: item.rule, comparisons, into: &transitions)
            }
        }
        machines = outcomes.map(\.machine)
        reported = outcomes.map(\.reported)
        return transitions
    }

    /// `2025-01-15T14:00:00Z`, for the limit's message.
    private static func clock(_ time: Timestamp) -> String {
        String(Value.number(Double(time) / 1000, .timestamp).literal.drop { $0 == "@" })
    }

    /// Puts the windows of each job that ran (or was made) back into its call sites.
    private func restore(_ sites: [Site], _ outcomes: [Outcome?]) {
        for (site, outcome) in zip(sites, outcomes) {
            switch (site, outcome) {
            case (.direct(let direct, let series, let windows), .direct(let o)?):
                direct.restore(o, of: series, into: windows)
            case (.burnRates(let condition), .burnRates(let o)?):
                condition.restore(o.leaves)
            default:
                break
            }
        }
    }

    /// Runs each job on one of `workers` threads (one rule through the whole range at a
    /// time also keeps its windows and series in cache); each outcome is stored once, under
    /// the lock, in its job's slot.
    private static func run(_ jobs: [Job], workers: Int, deadline: UInt64) -> [Outcome]? {
        var finished: [Outcome?]
        if workers > 1 {
            let outcomes = Mutex([Outcome?](repeating: nil, count: jobs.count))
            DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
                let outcome = jobs[index].run(deadline: deadline)
                outcomes.withLock { $0[index] = outcome }
            }
            finished = outcomes.withLock { $0 }
        } else {
            finished = jobs.map { $0.run(deadline: deadline) }
        }
        let complete = finished.compactMap { $0 }
        return complete.count == jobs.count ? complete : nil
    }
}
