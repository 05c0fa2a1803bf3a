import Foundation
import VigilActions
import VigilRules
import VigilSeries

/// Evaluates rules on the wall clock, each at its own interval, with fresh live data before
/// every evaluation. Each rule keeps its state machines between evaluations in its own
/// `RuleRunner`, which evaluates it once per due time.
public final class WatchLoop {
    private let runners: [RuleRunner]
    private let intervals: [Milliseconds]
    private let feed: (any SampleFeed)?
    private let actions: ActionRun

    public init(session: VigilSession, rules: [CompiledRule], every override: Milliseconds?, feed: (any SampleFeed)?,
         actions: ActionRun) throws {
        runners = rules.map { RuleRunner(session: session, rules: [$0]) }
        intervals = rules.map { RuleRunner.interval(of: $0, override: override) }
        self.feed = feed
        self.actions = actions
        self.session = session
        restored = try actions.restore(runners)
    }

    private let session: VigilSession

    /// Label sets whose pending or firing state an earlier run of this file left.
    public let restored: Int

    /// Evaluates from `start` through `end` (or until a stop is requested when nil); with
    /// `once`, every rule exactly once at `start`. `report` sees each evaluation's state
    /// changes as they happen. Returns them all.
    public func run(from start: Timestamp, through end: Timestamp?, once: Bool, stop: StopSignal,
             report: ([RuleTransitionRecord]) throws -> Void, afterTick: (Timestamp) throws -> Void = { _ in },
             delivered: (DeliveryReport) -> Void,
             reconciled: ([String]) -> Void = { _ in }) throws -> [RuleTransitionRecord] {
        var schedule = EvaluationSchedule(start: start, intervals: intervals, through: end)
        var all: [RuleTransitionRecord] = []
        var first = true
        while let due = schedule.nextTime {
            if stop.sleep(until: Date(timeIntervalSince1970: Double(due) / 1000)) { break }
            let clock = WallClock.now()
            try feed?.refresh(through: max(clock, due))
            // A tick's actions are journaled with the rule states after it, then delivered.
            try actions.evaluation(runners) {
                for index in runners.indices where schedule.isDue(index, at: due) {
                    let changes = try runners[index].run(from: due, through: due)
                    try report(changes)
                    all += changes
                    // Slots that passed while evaluating or reading (a slow server) are skipped.
                    schedule.advance(index, clock: WallClock.now())
                }
                // Runbooks waiting on a `verify` poll again, journaled with this tick.
                try afterTick(due)
            }
            if first {
                // Every rule has been evaluated once: an incident whose alert is not firing now is over.
                first = false
                reconciled(try IncidentReconciler.resolveStale(runners, journal: try actions.database.journal.entries(),
                                                               session: session, at: due))
            }
            delivered(try actions.deliver(at: WallClock.now()))
            if once { break }
        }
        return all
    }
}
