import Foundation
import VigilActions
import VigilRules
import VigilSeries
import VigilStore

/// The actions of one command run (`vigil watch`, `vigil run`) against a file journal: the
/// run's record, its layer (delivering, or planned with `--dry-run`), the rule states it
/// keeps, and delivery rounds.
public final class ActionRun {
    public let layer: ActionsLayer
    public let run: RunRecord
    let journal: ActionJournal
    /// The watched file, as its rule states are saved under.
    let file: String
    /// The database the journal lives in, for the commands that say where to read it.
    public let database: VigilDatabase
    /// The session's notifications: silences another process journals are taken up each round.
    let notifications: NotificationRouter

    /// Opens the journal, records the run and routes `session`'s actions through it. The
    /// program must be loaded: its `receiver` declarations name the delivery targets.
    public init(session: VigilSession, database: VigilDatabase, command: String, file: String,
                poster: (any HTTPPoster)?, at time: Timestamp) throws {
        journal = database.journal
        self.database = database
        notifications = session.actionLog.notifications
        self.file = file
        let mode: ActionsLayer.Mode = poster == nil ? .planned : .deliver
        run = RunRecord(id: Self.runID(command, at: time), command: command, file: file, mode: mode.rawValue, startedAt: time)
        try database.runs.start(run)
        layer = ActionsLayer(store: journal, mode: mode, run: run.id,
                             receivers: try ActionsWiring.receivers(of: session.interpreter), poster: poster)
        session.actionLog.use(layer)
        // Silences and runbook notifications of earlier runs on this journal still hold.
        session.actionLog.notifications.restore(from: try journal.entries())
    }

    /// Gives each runner the states an earlier run of this file saved; answers how many
    /// label sets were taken up.
    @discardableResult
    public func restore(_ runners: [RuleRunner]) throws -> Int {
        let saved = try journal.ruleStates(file: file)
        var count = 0
        var firing: Set<String> = []
        for runner in runners {
            var held: [String: [AlertStatus]] = [:]
            for rule in runner.rules {
                held[rule.name] = (saved[rule.name] ?? []).compactMap { s in
                    guard let state = RuleState(rawValue: s.state) else { return nil }
                    if state == .firing { firing.insert(NotificationRouter.firingKey(rule: rule.name, labels: s.labels)) }
                    return AlertStatus(labels: s.labels, state: state, activeSince: s.activeSince, firedAt: s.firedAt,
                                       keepFiringSince: s.keepFiringSince)
                }
                count += held[rule.name]?.count ?? 0
            }
            runner.restore(held)
        }
        // A muted notification an earlier run held is still owed only while its rule fires.
        notifications.keepHeld(firing: firing)
        return count
    }

    /// Runs one evaluation round (`body`) so that its actions and the rule states after it are
    /// journaled together, in one transaction. Answers the new journal entries.
    @discardableResult
    public func evaluation(_ runners: [RuleRunner], _ body: () throws -> Void) throws -> [JournalRecord] {
        // `vigil silence add` (or expire) while this runs: honoured from this round on.
        notifications.takeUpSilences(from: try journal.entries(kind: NotificationRouter.silenceKind))
        layer.begin()
        do {
            try body()
        } catch {
            _ = try? layer.commit()  // the actions that did run stay journaled
            throw error
        }
        var states: [String: [HeldRuleState]] = [:]
        for runner in runners {
            for (rule, statuses) in runner.heldStates {
                states[rule] = statuses.map {
                    HeldRuleState(rule: rule, labels: $0.labels, state: $0.state.rawValue, activeSince: $0.activeSince,
                                  firedAt: $0.firedAt, keepFiringSince: $0.keepFiringSince)
                }
            }
        }
        return try layer.commit(ruleStates: (file: file, byRule: states))
    }

    /// Delivers what is due (this run's entries and any a crashed run left pending) and
    /// re-sends firing alerts; waits for the round to finish.
    public func deliver(at time: Timestamp) throws -> DeliveryReport {
        let layer = self.layer
        return try BlockingTask.run { try await layer.deliverDue(at: time) }
    }

    /// Delivers the entries journaled under `keys` now, on the wall clock, retrying with the
    /// layer's backoff until each is delivered or a dead letter (what a one-shot `vigil run`
    /// does: someone is waiting for the page to go out). Answers their final records.
    public func deliverNow(_ keys: [IdempotencyKey]) throws -> [JournalRecord] {
        var records = try keys.compactMap { try layer.store.record($0) }
        var first = true
        while let due = records.filter({ $0.state == .pending }).map(\.nextAttemptAt).min() {
            var now = Self.wallClock()
            if !first, due > now {
                Thread.sleep(forTimeInterval: Double(due - now) / 1000)
                now = Self.wallClock()
            }
            first = false
            // A first attempt journaled at a later evaluation time is due at once.
            _ = try deliver(at: max(now, due))
            records = try keys.compactMap { try layer.store.record($0) }
        }
        return records
    }

    static func wallClock() -> Timestamp { Timestamp((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// `watch-20261202T120501Z-3f2a`: sortable, and short enough to type after `vigil journal show`.
    public static func runID(_ command: String, at time: Timestamp) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let stamp = formatter.string(from: Date(timeIntervalSince1970: Double(time) / 1000))
        return "\(command)-\(stamp)-\(String(UInt16.random(in: 0...UInt16.max), radix: 16))"
    }
}

/// Waits on the calling thread for async work: the watch loop is synchronous, delivery is not.
enum BlockingTask {
    private final class Box<T>: @unchecked Sendable { var result: Result<T, Error>? }

    static func run<T>(_ work: @escaping () async throws -> T) throws -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}
