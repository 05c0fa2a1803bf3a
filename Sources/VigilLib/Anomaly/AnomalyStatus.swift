import VigilEngines
import VigilStore

/// The anomaly engine's part of the status report: the anomalies open within the period
/// (this session's and those stored by earlier ones), each with the change that most likely
/// caused it.
extension AnomalyBinding {
    func contributeStatus(to report: inout StatusReport, _ request: StatusRequest) throws {
        let registry = Self.registry(request.session)
        let found = try registry.listed(service: nil, from: request.now - request.period, through: request.now, request.call)
        guard !found.isEmpty else { return }
        let db = try CanaryBinding.open(request.session.canaries, request.call)
        var lines: [String] = []
        for value in found {
            let a = value.anomaly
            var suspect: RankedCause?
            if let db {
                let lookback = RootCauseRanking.defaultLookback
                suspect = RootCauseRanking.rank(try Self.candidates(db, onset: a.onset, lookback: lookback, request.call),
                                                onset: a.onset, service: value.service, lookback: lookback).first
            }
            let cause = suspect.map { " — likely \(Self.changeName($0.change)): \($0.reason)" } ?? ""
            lines.append(value.display + cause)
            let recommendation = suspect.map { suspect in
                suspect.change.kind == ChangeCandidate.deploy
                    ? "check \(Self.changeName(suspect.change)); roll it back if the anomaly persists"
                    : "check \(Self.changeName(suspect.change)); revert it if the anomaly persists"
            } ?? "no deployment or change before the onset; look at traffic and dependencies"
            guard a.isOpen else { continue }
            report.add(AttentionItem(.degraded, service: value.service, title: "anomaly open: \(value.subject)",
                                     evidence: value.display + cause, recommendation: recommendation))
        }
        report.add(StatusSection(title: "Anomalies", lines: lines))
    }

    /// "checkout v1.5.0", "checkout's config change (raise pool size)".
    static func changeName(_ change: ChangeCandidate) -> String {
        if let version = change.version { return "\(change.service) \(version)" }
        return "\(change.service)'s \(change.kind) change (\(change.description))"
    }
}
