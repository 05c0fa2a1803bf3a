import Foundation
import VigilEngines
import VigilLive
import VigilSeries
import VigilStore

/// The one way a canary's weight change becomes an action. Every change the coordinator
/// makes (a step, the promotion, a rollback, an operator's `set_weight`) comes through
/// `apply`, which journals it first (planned, under an idempotency key of the canary, the
/// run's start and the change's number), then either
/// - delivers it (a live source): sets the weights on the target and verifies them — HAProxy
///   by reading each weight back, a webhook by its answer — and marks it delivered or failed;
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
    private let journal: ActionJournal?
    private let runStart: Timestamp
    private var sequence = 0
    /// Every change so far, oldest first.
    private(set) var changes: [Change] = []

    /// A change back to stable is retried this many times before the run reports it failed.
    static let attemptsToStable = 3

    init(target: TrafficTarget, plan: CanaryPlan, mode: Mode, journal: ActionJournal?, runStart: Timestamp) {
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
        case .webhook: return [plan.stable: 100 - candidate, plan.candidate: candidate]
        }
    }

    /// Before anything moves: the target answers and knows both servers. Returns what it reports.
    func preflight() throws -> String {
        guard mode == .deliver, case let .haproxy(client, backend, stable, candidate) = target else { return "" }
        let now = try [stable, candidate].map { server in "\(backend)/\(server) weight \(try client.weight(backend: backend, server: server).current)" }
        return "traffic: \(target), \(now.joined(separator: ", ")) before the canary"
    }

    /// Moves the candidate's share to `share`; the timeline line on success, `Failure` otherwise.
    func apply(to share: Double, at time: Timestamp) throws -> String {
        let weights = try self.weights(for: share)
        sequence += 1
        let key = "traffic:\(plan.name):\(runStart):\(sequence)"
        let shown = weights.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        do {
            _ = try journal?.begin(key: key, action: "set_weight", target: target.description,
                                   payload: Payload(canary: plan.name, stable: plan.stable, candidate: plan.candidate,
                                                    share: share, weights: weights), at: time)
        } catch {
            throw Failure(description: "traffic: cannot journal the change to \(shown), so it was not sent: \(error)")
        }
        if case .record(let why) = mode {
            let problem = mark { try $0.markRecorded(key: key, at: time) }
            changes.append(Change(key: key, time: time, weights: weights, outcome: .recorded))
            return "traffic: \(target) \(shown) (recorded, not sent: \(why))\(problem)"
        }
        let attempts = share == 0 ? Self.attemptsToStable : 1
        var lastError = ""
        for attempt in 1...attempts {
            do {
                let verified = try deliver(weights, key: key)
                let problem = mark { try $0.markDelivered(key: key, at: Self.wallClock()) }
                changes.append(Change(key: key, time: time, weights: weights, outcome: .delivered(verified)))
                return "traffic: \(target) \(shown), \(verified)\(problem)"
            } catch {
                lastError = "\(error)"
                if attempt < attempts { Thread.sleep(forTimeInterval: 1) }
            }
        }
        let problem = mark { try $0.markFailed(key: key, error: lastError, at: Self.wallClock()) }
        changes.append(Change(key: key, time: time, weights: weights, outcome: .failed(lastError)))
        throw Failure(description: "traffic: \(target) could not be set to \(shown)\(attempts > 1 ? " in \(attempts) attempts" : ""): \(lastError)\(problem)")
    }

    /// Marks the journal entry; a store that fails after the change was made is said on the
    /// change's line (the change itself stands), never swallowed.
    private func mark(_ update: (ActionJournal) throws -> JournalEntry) -> String {
        guard let journal else { return "" }
        do { _ = try update(journal); return "" } catch { return "; the journal could not record it: \(error)" }
    }

    /// Sends the weights and checks they took; says how they were verified.
    private func deliver(_ weights: [String: Int], key: String) throws -> String {
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
            return "read back"
        case .webhook(let client):
            switch try client.send(canary: plan.name, stable: plan.stable, candidate: plan.candidate, weights: weights, idempotencyKey: key) {
            case .echoed: return "echoed by the router"
            case .acknowledged(let status): return "acknowledged (HTTP \(status); a webhook cannot be read back)"
            }
        }
    }

    static func wallClock() -> Timestamp { Timestamp((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// What the journal keeps of a change.
    private struct Payload: Encodable {
        let canary: String
        let stable: String
        let candidate: String
        let share: Double
        let weights: [String: Int]
    }
}
