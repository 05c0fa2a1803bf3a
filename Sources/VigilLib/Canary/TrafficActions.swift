import Foundation
import VigilActions
import VigilEngines
import VigilLive
import VigilSeries
import VigilStore

/// The one way a canary's weight change becomes an action. Every change the coordinator
/// makes (a step, the promotion, a rollback, an operator's `set_weight`) comes through
/// `apply`, which journals it first (planned, under an idempotency key of the canary, the
/// run's start and the change's number), then either
/// - delivers it (a live source): sets the weights on the target and verifies them — HAProxy
///   by reading each weight back, a webhook by its answer, a program by its read-back
///   command (else its exit status) — and marks it delivered or failed, with what a program printed;
/// - or records it (a simulated run, recorded data): marked recorded, nothing is sent.
final class TrafficActions {
    enum Mode: Equatable {
        case deliver
        /// Why nothing is sent: "simulated run", "recorded data".
        case record(String)
    }

    /// One weight change and what became of it.
    struct Change: Equatable {
        let key: String
        let time: Timestamp
        /// Whole percents by server (HAProxy) or version (webhook).
        let weights: [String: Int]
        let outcome: Outcome
    }

    enum Outcome: Equatable { case delivered(String), recorded, failed(String) }

    /// A change that did not happen as asked; the canary rolls back to stable.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let target: TrafficTarget
    let plan: CanaryPlan
    let mode: Mode
    private let journal: (any ActionJournalStore)?
    private let runStart: Timestamp
    /// The run its changes are journaled under, one word for `vigil journal show`:
    /// `canary-checkout-1764680400000`.
    var run: String { "canary-\(plan.name)-\(runStart)" }
    private var sequence = 0
    /// Every change so far, oldest first.
    private(set) var changes: [Change] = []

    /// A change back to stable is retried this many times before the run reports it failed.
    static let attemptsToStable = 3

    init(target: TrafficTarget, plan: CanaryPlan, mode: Mode, journal: (any ActionJournalStore)?, runStart: Timestamp) {
        self.target = target
        self.plan = plan
        self.mode = mode
        self.journal = journal
        self.runStart = runStart
    }

    /// The servers (or versions) and their whole-percent weights for a candidate share.
    func weights(for share: Double) throws -> [String: Int] {
        let percent = share * 100
        guard abs(percent - percent.rounded()) < 1e-9, (0...100).contains(percent.rounded()) else {
            throw Failure(description: "\(CanaryTimelineText.percent(share)) is not a whole percent; traffic targets take whole percents")
        }
        let candidate = Int(percent.rounded())
        switch target {
        case let .haproxy(_, _, stable, candidateServer): return [stable: 100 - candidate, candidateServer: candidate]
        case .webhook, .exec: return [plan.stable: 100 - candidate, plan.candidate: candidate]
        }
    }

    /// Before anything moves: the target answers and knows both servers (a program's
    /// read-back command reads the candidate's weight). Returns what it reports.
    func preflight() throws -> String {
        guard mode == .deliver else { return "" }
        switch target {
        case let .haproxy(client, backend, stable, candidate):
            let now = try [stable, candidate].map { server in "\(backend)/\(server) weight \(try client.weight(backend: backend, server: server).current)" }
            return "traffic: \(target), \(now.joined(separator: ", ")) before the canary"
        case .exec(let program):
            guard let weight = try program.currentWeight() else { return "" }
            return "traffic: \(target), \(plan.candidate) weight \(weight) before the canary"
        case .webhook:
            return ""
        }
    }

    /// Moves the candidate's share to `share`; the timeline line on success, `Failure` otherwise.
    func apply(to share: Double, at time: Timestamp) throws -> String {
        let weights = try self.weights(for: share)
        sequence += 1
        let key = "traffic:\(plan.name):\(runStart):\(sequence)"
        let shown = weights.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        var record: JournalRecord
        do {
            record = try journalChange(key: key, share: share, weights: weights, shown: shown, at: time)
        } catch {
            throw Failure(description: "traffic: cannot journal the change to \(shown), so it was not sent: \(error)")
        }
        if case .record(let why) = mode {
            changes.append(Change(key: key, time: time, weights: weights, outcome: .recorded))
            return "traffic: \(target) \(shown) (recorded, not sent: \(why))"
        }
        let attempts = share == 0 ? Self.attemptsToStable : 1
        var lastError = ""
        for attempt in 1...attempts {
            do {
                let (verified, outcome) = try deliver(weights, key: key)
                record.outcome = outcome.map { String($0.prefix(RunbookActions.outcomeLimit)) }
                let problem = mark(&record, .delivered, attempts: attempt, error: nil)
                changes.append(Change(key: key, time: time, weights: weights, outcome: .delivered(verified)))
                return "traffic: \(target) \(shown), \(verified)\(problem)"
            } catch {
                lastError = "\(error)"
                if attempt < attempts { Thread.sleep(forTimeInterval: 1) }
            }
        }
        let problem = mark(&record, .deadLetter, attempts: attempts, error: lastError)
        changes.append(Change(key: key, time: time, weights: weights, outcome: .failed(lastError)))
        throw Failure(description: "traffic: \(target) could not be set to \(shown)\(attempts > 1 ? " in \(attempts) attempts" : ""): \(lastError)\(problem)")
    }

    /// Journals the change before anything is sent: pending when it is to be delivered here
    /// (set, then read back), planned when it is only recorded.
    private func journalChange(key: String, share: Double, weights: [String: Int], shown: String,
                               at time: Timestamp) throws -> JournalRecord {
        let origin = Action.Origin(kind: .canary, name: plan.name, trigger: "set_weight")
        let labels = Labels(["service": plan.name, "candidate": plan.candidate])
        let body = try String(decoding: JSONEncoder().encode(Payload(canary: plan.name, stable: plan.stable, candidate: plan.candidate,
                                                                    share: share, weights: weights)), as: UTF8.self)
        let action = Action(kind: "set_weight", target: target.description, call: "set_weight(\"\(plan.name)\", \(shown))",
                            labelSet: labels.fingerprint, labels: labels.dictionary, origin: origin, time: time, body: body,
                            key: IdempotencyKey(text: key))
        let record = JournalRecord(action: action, run: run, destination: target.description,
                                   state: mode == .deliver ? .pending : .planned, nextAttemptAt: time, createdAt: time, updatedAt: time)
        var batch = JournalBatch()
        batch.records = [record]
        _ = try journal?.commit(batch)
        return record
    }

    /// Marks the journal entry; a store that fails after the change was made is said on the
    /// change's line (the change itself stands), never swallowed.
    private func mark(_ record: inout JournalRecord, _ state: EntryState, attempts: Int, error: String?) -> String {
        guard let journal else { return "" }
        record.state = state
        record.attempts = attempts
        record.error = error
        record.updatedAt = Self.wallClock()
        do { try journal.update([record]); return "" } catch { return "; the journal could not record it: \(error)" }
    }

    /// Sends the weights and checks they took; says how they were verified, and what a
    /// program printed doing it.
    private func deliver(_ weights: [String: Int], key: String) throws -> (String, String?) {
        switch target {
        case let .haproxy(client, backend, stable, candidate):
            // One command line: HAProxy sets both before it picks the next server.
            let order = [stable, candidate]
            try client.setWeights(backend: backend, order.map { ($0, weights[$0]!) })
            for server in order {
                let read = try client.weight(backend: backend, server: server).current
                guard read == weights[server] else {
                    throw Failure(description: "\(client.endpoint) reports \(backend)/\(server) at weight \(read) after it was set to \(weights[server]!)")
                }
            }
            return ("read back", nil)
        case .exec(let program):
            let (verified, outcome) = try program.apply(candidate: weights[plan.candidate]!)
            return (verified, outcome)
        case .webhook(let client):
            let plan = self.plan
            let confirmation = try BlockingTask.run {
                try await client.send(canary: plan.name, stable: plan.stable, candidate: plan.candidate, weights: weights, idempotencyKey: key)
            }
            switch confirmation {
            case .echoed: return ("echoed by the router", nil)
            case .acknowledged(let status): return ("acknowledged (HTTP \(status); a webhook cannot be read back)", nil)
            }
        }
    }

    static func wallClock() -> Timestamp { WallClock.now() }

    /// What the journal keeps of a change.
    private struct Payload: Encodable {
        let canary: String
        let stable: String
        let candidate: String
        let share: Double
        let weights: [String: Int]
    }
}
