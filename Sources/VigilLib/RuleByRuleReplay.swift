import Dispatch
import Foundation
import VigilRules
import VigilRuntime
import VigilSeries

/// A replay whose rules' conditions all compiled to kernels (`DirectCondition`) needs the
/// interpreter only for the actions of a rule that changes state. Rules are independent —
/// each has its own windows and state machines — so each is evaluated through the whole
/// range on its own, on every core, each change noting the comparison it observed; then, in time order
/// on one thread, each change's actions run and its records are made. The result is the
/// sequential replay's, record for record (`DirectConditionTests`).
extension RuleRunner {
    /// One rule's evaluation that left a record, found by a worker.
    private struct Found {
        let rule: Int
        let change: StateChange
        let comparisons: [ObservedComparison]
    }

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

    /// The rule-by-rule replay from `start` through `end`; nil (with nothing changed) when a
    /// condition cannot be evaluated directly after all, so the caller replays sequentially.
    func replayRuleByRule(from start: Timestamp, through end: Timestamp, intervals: [Milliseconds]) throws -> [RuleTransitionRecord]? {
        // Made here, on one thread: afterwards each condition touches only its own state.
        var prepared: [(direct: DirectCondition, series: [Series], windows: SiteStates<SlidingWindow>)] = []
        for rule in rules {
            guard let direct = rule.direct, let (selection, windows) = direct.prepare() else { return nil }
            prepared.append((direct, selection.series, windows))
        }
        var found = [[Found]?](repeating: nil, count: rules.count)
        var machines = self.machines, reported = self.reported
        let rules = self.rules
        // The tasks cannot throw the time limit themselves: past it, a task stops and leaves
        // its slot empty, and the sequential replay the caller then starts throws it.
        let deadline = session.interpreter.deadline
        found.withUnsafeMutableBufferPointer { found in
            machines.withUnsafeMutableBufferPointer { machines in
                reported.withUnsafeMutableBufferPointer { reported in
                    // Each task writes only its own rule's slots.
                    let slots = UnsafeSlots(found: found, machines: machines, reported: reported)
                    // One rule through the whole range at a time also keeps its windows and
                    // series in cache, which interleaving rules tick by tick does not.
                    let replayRule = { (index: Int) in
                        let (direct, series, windows) = prepared[index]
                        // Local copies, written back once: neighbouring slots share cache lines,
                        // and writing them at every tick from two cores would bounce the lines.
                        var machine = slots.machines[index], reported = slots.reported[index]
                        var changes: [Found] = []
                        for (tick, time) in EvaluationSchedule.times(from: start, every: intervals[index], through: end).enumerated() {
                            if tick & 4095 == 0, RunOptions.clock() > deadline { return }
                            let conditions = direct.conditions(at: time, of: series, windows)
                            let change = StateChange(machine.evaluate(at: time, each: conditions), after: reported)
                            if change.matters {
                                guard let comparisons = try? direct.comparisons(at: time, of: series, windows) else { return }
                                changes.append(Found(rule: index, change: change, comparisons: comparisons))
                                reported = change.now
                            }
                        }
                        slots.machines[index] = machine
                        slots.reported[index] = reported
                        slots.found[index] = changes
                    }
                    if workers > 1 {
                        DispatchQueue.concurrentPerform(iterations: rules.count, execute: replayRule)
                    } else {
                        for index in rules.indices { replayRule(index) }
                    }
                }
            }
        }
        guard found.allSatisfy({ $0 != nil }) else { return nil }
        // Time order, and at one time rule order, as the sequential replay evaluates them.
        let ordered = found.flatMap { $0! }.sorted {
            ($0.change.evaluation.time, $0.rule) < ($1.change.evaluation.time, $1.rule)
        }
        var transitions: [RuleTransitionRecord] = []
        for item in ordered {
            session.interpreter.now = Double(item.change.evaluation.time) / 1000
            try session.interpreter.beginRequest(at: rules[item.rule].file, rules[item.rule].decl.condition.range)
            try record(item.change, of: item.rule, item.comparisons, into: &transitions)
        }
        self.machines = machines
        self.reported = reported
        return transitions
    }
}

/// The buffers the replay's tasks write, one slot per rule: no two tasks share a slot.
private struct UnsafeSlots<Found>: @unchecked Sendable {
    let found: UnsafeMutableBufferPointer<[Found]?>
    let machines: UnsafeMutableBufferPointer<RuleStateMachine>
    let reported: UnsafeMutableBufferPointer<[(labels: Labels, state: RuleState)]>
}
