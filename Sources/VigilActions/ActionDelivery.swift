import Foundation
import VigilSeries

/// What one round of delivery did, for the caller to print.
public struct DeliveryReport: Sendable {
    public var delivered: [JournalRecord] = []
    /// Failed attempts that will be retried.
    public var retrying: [JournalRecord] = []
    public var deadLetters: [JournalRecord] = []
    /// Firing alerts sent again to their Alertmanager.
    public var resent = 0

    public var isEmpty: Bool { delivered.isEmpty && retrying.isEmpty && deadLetters.isEmpty && resent == 0 }
}

extension ActionsLayer {
    /// Delivers every pending entry due at `now` (this run's and any an earlier, crashed run
    /// left), marks each outcome, and re-sends firing alerts whose resend delay has passed.
    public func deliverDue(at now: Timestamp, limit: Int = 10_000) async throws -> DeliveryReport {
        var report = DeliveryReport()
        guard mode == .deliver, let poster else { return report }
        let due = try store.due(at: now, limit: limit, known: pendingActions)
        var byAlertmanager: [String: [JournalRecord]] = [:]
        var order: [String] = []
        for record in due {
            switch destination(of: record.action) {
            case .alertmanager(let url)?:
                if byAlertmanager[url] == nil { order.append(url) }
                byAlertmanager[url, default: []].append(record)
            case .webhook(let url)?:
                let outcome = await attempt([record], now: now) {
                    try await poster.post(url: url, headers: DeliveryRequests.webhookHeaders(record.action),
                                          body: try DeliveryRequests.webhookBody(record.action))
                }
                try finish(outcome, into: &report)
            case nil:
                var failed = record
                failed.state = .deadLetter
                // An exec is never started twice: its outcome is unknown, not retried.
                failed.error = record.action.runsProgram
                    ? "the program's outcome was never recorded: the run stopped while or before it ran; it is not run again"
                    : "no receiver named \"\(record.action.target)\" is declared in this run"
                failed.updatedAt = now
                try finish([failed], into: &report)
            }
        }
        for url in order {
            let records = byAlertmanager[url]!
            for start in stride(from: 0, to: records.count, by: Self.batchSize) {
                let batch = Array(records[start..<min(start + Self.batchSize, records.count)])
                let body = DeliveryRequests.alertsBody(batch.map(\.action), now: now)
                let outcome = await attempt(batch, now: now) {
                    try await poster.post(url: DeliveryRequests.alertsURL(url), headers: [("Content-Type", "application/json")],
                                          body: body)
                }
                // The outcomes and the alerts now held as sent, in one transaction.
                let sent = outcome.filter { $0.state == .delivered && !$0.action.resolves && $0.action.holdingRule != nil }
                    .map { Self.alertID($0.action) }
                try finish(outcome, sent: sent, at: now, into: &report)
            }
        }
        report.resent = try await resendFiring(at: now)
        return report
    }

    /// Sends firing alerts again once `resendDelay` has passed since they were last sent, so
    /// Alertmanager keeps them active (their `endsAt` is four resend periods ahead).
    func resendFiring(at now: Timestamp) async throws -> Int {
        guard let poster else { return 0 }
        let stale = try store.activeAlerts(sentAtOrBefore: now - Self.resendDelay)
        var resent = 0
        for (url, alerts) in Dictionary(grouping: stale, by: \.url) {
            let body = DeliveryRequests.alertsBody(alerts.map(\.action), now: now)
            // A failed resend is retried at the next round: the alert is still held.
            guard let status = try? await poster.post(url: DeliveryRequests.alertsURL(url),
                                                      headers: [("Content-Type", "application/json")], body: body),
                  (200..<300).contains(status) else { continue }
            try store.markSent(alerts.map(\.id), at: now)
            resent += alerts.count
        }
        return resent
    }

    /// Runs one delivery attempt for `records` and answers their new states: delivered on a
    /// 2xx, a dead letter on a refusal that no retry can fix (4xx other than 408/429) or
    /// after the last attempt, else pending with the next attempt backed off.
    func attempt(_ records: [JournalRecord], now: Timestamp, _ send: () async throws -> Int) async -> [JournalRecord] {
        var error: String?
        var permanent = false
        do {
            let status = try await send()
            if !(200..<300).contains(status) {
                error = "the receiver answered HTTP \(status)"
                permanent = (400..<500).contains(status) && status != 408 && status != 429
            }
        } catch let failure {
            error = "\(failure)"
        }
        return records.map { record in
            var next = record
            next.attempts += 1
            next.updatedAt = now
            next.error = error
            if error == nil {
                next.state = .delivered
            } else if permanent || next.attempts >= retry.maxAttempts {
                next.state = .deadLetter
            } else {
                next.nextAttemptAt = now + retry.delay(after: next.attempts)
            }
            return next
        }
    }

    private func finish(_ records: [JournalRecord], sent: [String] = [], at now: Timestamp = 0,
                        into report: inout DeliveryReport) throws {
        try store.update(records, sent: sent, at: now)
        for record in records where record.state.isFinal { pendingActions[record.key] = nil }
        for record in records {
            switch record.state {
            case .delivered: report.delivered.append(record)
            case .deadLetter: report.deadLetters.append(record)
            case .pending: report.retrying.append(record)
            case .planned, .withdrawn: break
            }
        }
    }
}
