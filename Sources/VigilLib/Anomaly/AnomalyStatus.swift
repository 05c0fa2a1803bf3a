import VigilEngines
import VigilStore

/// The anomaly engine's part of the status report: the anomalies found in this session that
/// were open within the period, each with the deployment that most likely caused it.
extension AnomalyBinding {
    func contributeStatus(to report: inout StatusReport, _ request: StatusRequest) throws {
        let registry = Self.registry(request.session)
        let from = request.now - request.period
        let found = registry.all.filter { $0.anomaly.onset <= request.now && ($0.anomaly.end ?? request.now) >= from }
        guard !found.isEmpty else { return }
        let db = try CanaryBinding.open(request.session.canaries, request.call)
        var lines: [String] = []
        for entry in found {
            let value = entry.site.value(entry.anomaly, entry.labels)
            let a = entry.anomaly
            var suspect: RankedCause?
            if let db {
                let lookback = RootCauseRanking.defaultLookback
                let changes = try CanaryBinding.read(request.call) {
                    try db.deployments.deployments(startedFrom: a.onset - lookback, through: a.onset)
                }
                suspect = RootCauseRanking.rank(
                    changes.map { ChangeCandidate(service: $0.service, version: $0.version, started: $0.startedAt) },
                    onset: a.onset, service: value.service, lookback: lookback).first
            }
            let cause = suspect.map { " — likely \($0.change.service) \($0.change.version): \($0.reason)" } ?? ""
            lines.append(value.display + cause)
            let recommendation = suspect.map { "check \($0.change.service) \($0.change.version); roll it back if the anomaly persists" }
                ?? "no deployment before the onset; look at traffic, dependencies and config changes"
            guard a.isOpen else { continue }
            report.add(AttentionItem(.degraded, service: value.service, title: "anomaly open: \(value.subject)",
                                     evidence: value.display + cause, recommendation: recommendation))
        }
        report.add(StatusSection(title: "Anomalies", lines: lines))
    }
}
