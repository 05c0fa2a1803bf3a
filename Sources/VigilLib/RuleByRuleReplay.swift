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
/// through a span of the range on its own, on every core, returning the changes it found
/// with the values it compared; then, in time order on one thread, each change's comparison
/// is made, its actions run and its records are made, while the jobs run the next span. The
/// result is the sequential replay's, record for record (`DirectConditionTests`).
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

        /// Runs the job on through `end`: what it found, or nil past the deadline.
        mutating func run(through end: Timestamp, deadline: UInt64) -> Findings? {
            switch self {
            case .direct(var job):
                let found = job.run(through: end, deadline: deadline)
                self = .direct(job)
                return found.map(Findings.direct)
            case .burnRates(var job):
                let found = job.run(through: end, deadline: deadline)
                self = .burnRates(job)
                return found.map(Findings.burnRates)
            }
        }

        var machine: RuleStateMachine {
            switch self { case .direct(let job): job.machine; case .burnRates(let job): job.machine }
        }
        var reported: [(labels: Labels, state: RuleState)] {
            switch self { case .direct(let job): job.reported; case .burnRates(let job): job.reported }
        }
    }

    /// The evaluations that left a record in one span of one rule's job.
    private enum Findings: Sendable {
        case direct([RuleReplayJob.Found])
        case burnRates([BurnRateReplayJob.Found])

        var changes: [StateChange] {
            switch self { case .direct(let found): found.map(\.change); case .burnRates(let found): found.map(\.change) }
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
    ///
    /// The range goes in spans: the jobs run through a span on every core, and while they run
    /// through the next, one thread records the changes of the last (the session is used on
    /// one thread at a time). The changes of a span are recorded in time order, and at one
    /// time in rule order, as the sequential replay evaluates them; spans follow each other.
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
        let span = Timestamp(max(1, spanTicks)) * (intervals.min() ?? 1)
        let lanes = Lanes(jobs)
        var transitions: [RuleTransitionRecord] = []
        var last: [Findings]?
        var recordedAny = false
        var spanStart = start
        while true {
            let through: Timestamp? = spanStart <= end ? min(end, spanStart + span - 1) : nil
            let recording = last
            var failure: (any Error)?
            var recorded: Int? = 0
            let found = Self.runSpan(lanes, through: through, workers: workers, deadline: session.interpreter.deadline) {
                guard let recording else { return }
                do {
                    recorded = try record(recording, sites: sites, into: &transitions)
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
            guard let recorded else {
                // While nothing is recorded the sequential replay can still start over.
                guard recordedAny else { return nil }
                throw RuntimeError("a comparison of a rule replayed rule by rule could not be made after \(Self.clock(spanStart - span))",
                                   hint: "this is a defect in Vigil's kernels: please report it with the rule file",
                                   file: rules[0].file, range: rules[0].decl.condition.range)
            }
            recordedAny = recordedAny || recorded > 0
            guard let through else { break }
            // Past the time limit a job stops without findings. That is the limit, said as such:
            // going on tick by tick instead would be the same work, many times slower, unsaid.
            guard let found else {
                let timeout = QuantityFormat.duration(session.interpreter.options.timeout)
                throw RuntimeError("time limit of \(timeout) exceeded replaying \(rules.count) rule\(rules.count == 1 ? "" : "s") "
                                   + "rule by rule from \(Self.clock(start)) to \(Self.clock(end)) (raise it with --timeout)",
                                   file: rules[0].file, range: rules[0].decl.condition.range)
            }
            last = found
            spanStart = through + 1
        }
        let finished = lanes.jobs.withLock { $0.map { $0! } }
        restore(sites, finished)
        machines = finished.map(\.machine)
        reported = finished.map(\.reported)
        return transitions
    }

    /// Records the changes of one span, each job's `findings`: in time order, and at one time
    /// in rule order, each with its comparisons at that evaluation; answers how many. Nil when
    /// a comparison cannot be made (then nothing of the span is recorded).
    private func record(_ findings: [Findings], sites: [Site], into transitions: inout [RuleTransitionRecord]) throws -> Int? {
        // Each change with the rule it belongs to and where it stands in its job's findings.
        var found: [(change: StateChange, rule: Int, item: Int)] = []
        for (rule, one) in findings.enumerated() {
            let changes = one.changes
            found += changes.indices.map { (change: changes[$0], rule: rule, item: $0) }
        }
        found.sort { ($0.change.evaluation.time, $0.rule) < ($1.change.evaluation.time, $1.rule) }
        var comparisons: [[ObservedComparison]] = []
        comparisons.reserveCapacity(found.count)
        for item in found {
            let made: [ObservedComparison]?
            switch (findings[item.rule], sites[item.rule]) {
            case (.direct(let o), .direct(let direct, _, _)): made = try? direct.comparisons(of: o[item.item].values)
            case (.burnRates(let o), .burnRates(let condition)): made = try? condition.comparisons(o[item.item].evaluated)
            default: made = nil
            }
            guard let made else { return nil }
            comparisons.append(made)
        }
        for (item, comparisons) in zip(found, comparisons) {
            // The actions a change runs see its evaluation's time.
            try session.interpreter.evaluating(Evaluation(time: Double(item.change.evaluation.time) / 1000)) {
                try session.interpreter.beginRequest(at: rules[item.rule].file, rules[item.rule].decl.condition.range)
                try record(item.change, of: item.rule, comparisons, into: &transitions)
            }
        }
        return found.count
    }

    /// `2025-01-15T14:00:00Z`, for the limit's message.
    private static func clock(_ time: Timestamp) -> String {
        String(Value.number(Double(time) / 1000, .timestamp).literal.drop { $0 == "@" })
    }

    /// Puts the windows of each job back into the call site it came from.
    private func restore(_ sites: [Site], _ jobs: [Job]) {
        for (site, job) in zip(sites, jobs) {
            switch (site, job) {
            case (.direct(let direct, let series, let windows), .direct(let job)):
                direct.restore(job, of: series, into: windows)
            case (.burnRates(let condition), .burnRates(let job)):
                condition.restore(job.leaves)
            default:
                break
            }
        }
    }

    /// The jobs of a replay and what each found in the last span, shared with the threads
    /// that run them: a job is taken out while it runs.
    private final class Lanes: Sendable {
        let jobs: Mutex<[Job?]>
        let found: Mutex<[Findings?]>

        init(_ jobs: [Job]) {
            self.jobs = Mutex(jobs.map(Optional.some))
            found = Mutex(jobs.map { _ in nil })
        }

        func run(_ index: Int, through end: Timestamp, deadline: UInt64) {
            guard var job = jobs.withLock({ $0[index].take() }) else { return }
            let findings = job.run(through: end, deadline: deadline)
            jobs.withLock { $0[index] = job }
            found.withLock { $0[index] = findings }
        }
    }

    /// Runs every job on through `end` (none when it is nil), on `workers` threads other than
    /// this one (one rule through a whole span at a time also keeps its windows and series in
    /// cache), while this thread runs `alongside` (the interpreter keeps to the thread that
    /// runs the replay); answers what each job found, nil when one stopped at the deadline.
    private static func runSpan(_ lanes: Lanes, through end: Timestamp?, workers: Int, deadline: UInt64,
                                alongside: () -> Void) -> [Findings]? {
        guard let end else {
            alongside()
            return []
        }
        let count = lanes.jobs.withLock { $0.count }
        lanes.found.withLock { $0 = [Findings?](repeating: nil, count: count) }
        if workers > 1 {
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) {
                DispatchQueue.concurrentPerform(iterations: count) { lanes.run($0, through: end, deadline: deadline) }
            }
            alongside()
            group.wait()
        } else {
            alongside()
            for index in 0..<count { lanes.run(index, through: end, deadline: deadline) }
        }
        let found = lanes.found.withLock { $0 }.compactMap { $0 }
        return found.count == count ? found : nil
    }
}
