import VigilActions
import VigilEngines
import VigilRules
import VigilSeries
import VigilStore

/// The operations figures of the status report ("the weekly ops report"): each declared
/// service's vitals over the period, the response times of the period's incidents and the
/// action journal's counts for the period. Computed by the engines (`ServiceVitals`,
/// `ServiceMeanTimes`) from the store's series, incident timelines and journal rows.
enum StatusOperations {
    /// The service's success rate and latency quantiles from its RED series in the store.
    static func vitals(of service: String, _ request: StatusRequest) throws -> ServiceVitals {
        let session = request.session
        func series(_ metric: String) throws -> [Series] {
            let matchers = [try LabelMatcher(Labels.metricNameLabel, .equal, metric), try LabelMatcher("service", .equal, service)]
            // A store read as selected reads these series now, as a program's selection would.
            do {
                try session.storeFeed?.load(matchers)
            } catch {
                throw request.call.error("cannot read \(metric) of service \"\(service)\" from the store: \(error)")
            }
            let store = session.context.store
            return store.positions(matching: matchers).map { store.series(at: $0) }
        }
        return ServiceVitals.compute(service: service, requests: try series(SimulatorMetrics.requests),
                                     latency: try series(SimulatorMetrics.latency),
                                     buckets: try series(SimulatorMetrics.latency + "_bucket"), at: request.now, period: request.period)
    }

    /// MTTD/MTTA/MTTR of the incidents opened in the period, per service and overall.
    static func incidentResponse(into report: inout StatusReport, _ db: VigilDatabase, _ request: StatusRequest) throws {
        do {
            report.incidentResponse = try IncidentDesk(db).statistics(openedFrom: request.now - request.period, through: request.now)
        } catch {
            throw request.call.error("cannot read incidents: \(error)")
        }
        let lines = report.incidentResponse.map { row in
            let t = row.times, n = t.count
            return "\(row.service ?? "all services"): \(n) incident\(n == 1 ? "" : "s") opened, "
                + "MTTD \(StatusVitalsText.meanTime(t.meanTimeToDetect, "no detection time recorded")), "
                + "MTTA \(StatusVitalsText.meanTime(t.meanTimeToAcknowledge, "none acknowledged")), "
                + "MTTR \(StatusVitalsText.meanTime(t.meanTimeToResolve, "none resolved"))"
        }
        report.add(StatusSection(title: "Incident response", lines: lines.isEmpty ? ["no incidents opened in the period"] : lines))
    }

    /// The journal's entries created in the period: actions by kind and state, notification
    /// decisions by outcome and guardrail notes; undelivered actions are an item.
    static func actions(into report: inout StatusReport, _ db: VigilDatabase, _ request: StatusRequest) throws {
        let records: [JournalRecord]
        do { records = try db.journal.entries() } catch { throw request.call.error("cannot read the action journal: \(error)") }
        let period = records.filter { $0.createdAt >= request.now - request.period && $0.createdAt <= request.now }
        let counts = count(period)
        report.actions = counts
        var lines: [String] = []
        for kind in uniqueKinds(counts) {
            let states = counts.filter { $0.kind == kind }.map { "\($0.count) \($0.state)" }
            lines.append("\(kind): " + states.joined(separator: ", "))
        }
        report.add(StatusSection(title: "Actions", lines: lines.isEmpty ? ["no actions journaled in the period"] : lines))
        let dead = period.filter { $0.state == .deadLetter && !JournalTimeline.isNote($0.action) }
        guard let first = dead.first else { return }
        report.add(AttentionItem(.degraded, service: nil, title: "\(dead.count) action\(dead.count == 1 ? "" : "s") not delivered (dead-letter)",
                                 evidence: "\(first.action.call) → \(first.destination): \(first.error ?? "no error recorded")",
                                 recommendation: "fix the receiver, then look at the run: `vigil journal show \(first.run)`"))
    }

    /// Actions per kind and state (in `EntryState` order), then notification decisions per
    /// outcome, then guardrail notes (an action refused or held for approval); other notes
    /// (a runbook's steps and answers) are not actions and are not counted.
    static func count(_ records: [JournalRecord]) -> [ActionCount] {
        var out: [ActionCount] = []
        let actions = records.filter { !JournalTimeline.isNote($0.action) }
        for kind in unique(actions.map(\.action.kind)) {
            let ofKind = actions.filter { $0.action.kind == kind }
            for state in EntryState.allCases {
                let n = ofKind.filter { $0.state == state }.count
                if n > 0 { out.append(ActionCount(kind: kind, state: state.rawValue, count: n)) }
            }
        }
        let decisions = records.filter {
            $0.action.origin.trigger == NotificationRouter.noteTrigger && NotificationRouter.decisionKinds.contains($0.action.kind)
        }
        for outcome in NotificationDecision.Outcome.allCases {
            let n = decisions.filter { $0.action.kind == outcome.rawValue }.count
            if n > 0 { out.append(ActionCount(kind: "notification", state: outcome.rawValue, count: n)) }
        }
        let guardrails = records.filter { $0.action.origin.kind == .step && $0.action.kind == RunbookTimeline.Entry.Kind.guardrail.rawValue }
        if !guardrails.isEmpty { out.append(ActionCount(kind: "guardrail", state: "tripped", count: guardrails.count)) }
        return out
    }

    static func uniqueKinds(_ counts: [ActionCount]) -> [String] { unique(counts.map(\.kind)) }

    /// First occurrences, in order.
    static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}
