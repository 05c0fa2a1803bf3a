import Dispatch
import Foundation
import Synchronization
import VigilRules
import VigilRuntime
import VigilSeries

/// A replay whose rules' conditions all compiled to kernels (`DirectCondition`) needs the
/// interpreter only for the actions of a rule that changes state. Rules are independent —
/// each has its own windows and state machines — so each rule's replay is a value
/// (`RuleReplayJob`: its kernel's spec, its series, its windows and state machine) run
/// through the whole range on its own, on every core, returning the changes it found with
/// the values it compared; then, in time order on one thread, each change's comparison is
/// made, its actions run and its records are made. The result is the sequential replay's,
/// record for record (`DirectConditionTests`).
extension RuleRunner {
    /// Whether `run` may evaluate rule by rule: no observer, every rule direct, no live
    /// source (which loads series through the session as selections are made), and a step
    /// budget each evaluation fits in (the compiled kernel counts `kernelSteps` per
    /// evaluation, so a smaller budget fails every one, as the tick-by-tick replay reports).
    func canReplayRuleByRule(observe: ((RuleTick) -> Void)?) -> Bool {
        observe == nil && evaluatesDirectly && session.context.seriesLoader == nil
            && session.interpreter.options.maxSteps >= kernelSteps && rules.allSatisfy(\.hasDirectCondition)
    }

    /// The threads the replay uses: every core, unless told to use one.
    var workers: Int { evaluatesConcurrently ? min(rules.count, ProcessInfo.processInfo.activeProcessorCount) : 1 }

    /// The rule-by-rule replay from `start` through `end`; nil when a condition cannot be
    /// evaluated directly after all, so the caller replays sequentially (the rules' states are
    /// then unchanged, and their windows start over as time goes back).
    func replayRuleByRule(from start: Timestamp, through end: Timestamp, intervals: [Milliseconds]) throws -> [RuleTransitionRecord]? {
        // Made here, on one thread: each job then owns its rule's windows and state machine.
        var sites: [(direct: DirectCondition, series: [Series], windows: SiteStates<SlidingWindow>)] = []
        for rule in rules {
            guard let direct = rule.direct, let (selection, windows) = direct.prepare() else { return nil }
            sites.append((direct, selection.series, windows))
        }
        let jobs = sites.indices.map { index in
            sites[index].direct.job(rule: index, sites[index].series, sites[index].windows,
                                    schedule: (start, intervals[index], end), machine: machines[index],
                                    reported: reported[index])
        }
        // Past the time limit a job stops without an outcome, and the sequential replay the
        // caller then starts throws the limit.
        guard let outcomes = Self.run(jobs, workers: workers, deadline: session.interpreter.deadline) else { return nil }
        for (index, outcome) in outcomes.enumerated() {
            sites[index].direct.restore(outcome, of: sites[index].series, into: sites[index].windows)
        }
        // Time order, and at one time rule order, as the sequential replay evaluates them.
        let ordered = outcomes.flatMap(\.found).sorted {
            ($0.change.evaluation.time, $0.rule) < ($1.change.evaluation.time, $1.rule)
        }
        var comparisons: [[ObservedComparison]] = []
        comparisons.reserveCapacity(ordered.count)
        for item in ordered {
            guard let found = try? sites[item.rule].direct.comparisons(of: item.values) else { return nil }
            comparisons.append(found)
        }
        var transitions: [RuleTransitionRecord] = []
        for (item, comparisons) in zip(ordered, comparisons) {
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

    /// Runs each job on one of `workers` threads (one rule through the whole range at a
    /// time also keeps its windows and series in cache); each outcome is stored once, under
    /// the lock, in its job's slot.
    private static func run(_ jobs: [RuleReplayJob], workers: Int, deadline: UInt64) -> [RuleReplayJob.Outcome]? {
        var finished: [RuleReplayJob.Outcome?]
        if workers > 1 {
            let outcomes = Mutex([RuleReplayJob.Outcome?](repeating: nil, count: jobs.count))
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
