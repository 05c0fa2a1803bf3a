import VigilEngines
import VigilStore

/// The canary engine's part of the status report: the deployments that started within the
/// period, newest first; a rolled-back or aborted one is an item to look at.
extension CanaryBinding {
    func contributeStatus(to report: inout StatusReport, _ request: StatusRequest) throws {
        guard let db = try Self.open(request.session.canaries, request.call) else { return }
        let recent = try Self.read(request.call) {
            try db.deployments.deployments(startedFrom: request.now - request.period, through: request.now)
        }
        var lines: [String] = []
        for d in recent.sorted(by: { $0.startedAt > $1.startedAt }) {
            let from = d.previousVersion.map { " (from \($0))" } ?? ""
            lines.append("\(StatusBinding.time(d.startedAt)) \(d.service) \(d.version)\(from): \(d.status.rawValue)")
            report.add(service: d.service)
            guard d.status == .rolledBack || d.status == .aborted else { continue }
            let reasons = try Self.read(request.call) { try db.deployments.rollbackEvents(d.id).map(\.reason) }
            report.add(AttentionItem(.degraded, service: d.service, title: "deployment of \(d.service) \(d.version) \(d.status.rawValue)",
                                     evidence: reasons.first ?? "started \(StatusBinding.time(d.startedAt))",
                                     recommendation: "fix forward or re-release; traffic is back on \(d.previousVersion ?? "the previous version")"))
        }
        report.add(StatusSection(title: "Recent changes", lines: lines.isEmpty ? ["no deployments in the period"] : lines))
    }
}
