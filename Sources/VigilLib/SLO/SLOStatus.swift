import VigilEngines
import VigilRuntime
import VigilSeries
import VigilSyntax

/// The SLO engine's part of the status report: each SLO's budget left and last hour's burn
/// rate on its service's line; an exhausted budget or a page-level burn needs attention now,
/// a budget under a quarter or a burn above 1x soon.
extension SLOBinding {
    /// Burn rate that pages (SRE workbook: 2% of a 30-day budget in an hour).
    static let fastBurn = 14.4
    /// Budget left below which the service is degraded.
    static let lowBudget = 0.25

    func contributeStatus(to report: inout StatusReport, _ request: StatusRequest) throws {
        let registry = Self.registry(request.session)
        var lines: [String] = []
        for slo in registry.slos.values.sorted(by: { $0.name < $1.name }) {
            // One line per SLO, or per label value of an SLO split `by` a label.
            let hours = Dictionary(try slo.errorRatios(over: 3600, request.call, request.session), uniquingKeysWith: { a, _ in a })
            let periods = try slo.errorRatios(over: slo.budget.period, request.call, request.session)
            for (group, period) in periods.isEmpty ? [(Labels(), ErrorRatio.nodata("no events"))] : periods {
                let service = group["service"] ?? slo.service ?? slo.name
                let name = slo.name + (group.isEmpty ? "" : " " + group.fingerprint)
                let total = period.number
                let hour = hours[group]?.number
                let left = total.map { slo.budget.left(errorRatio: $0) }
                let burn = hour.map { slo.budget.burnRate(errorRatio: $0) }
                let leftText = left.map { Value.number(($0 * 1000).rounded() / 1000, Unit(.number, .percent)).literal } ?? "no data"
                let burnText = burn.map { Value.number(($0 * 100).rounded() / 100, Unit(.number, .multiplier)).literal } ?? "no data"
                let window = QuantityFormat.duration(slo.budget.period)
                lines.append("\(name) (\(service)): budget left \(leftText) of \(window), burn \(burnText) over 1h")
                report.add(service: service, figures: [StatusFigure(name: "\(name) budget left", text: leftText)])
                let evidence = "budget left \(leftText) over \(window); burn rate \(burnText) over the last 1h"
                if let left, left <= 0 {
                    report.add(AttentionItem(.unhealthy, service: service, title: "\(name): error budget exhausted",
                                             evidence: evidence, recommendation: "freeze risky releases and work on reliability until the budget recovers"))
                } else if let burn, burn >= Self.fastBurn {
                    report.add(AttentionItem(.unhealthy, service: service, title: "\(name): fast burn",
                                             evidence: evidence, recommendation: "page the on-call; roll back the latest change if it correlates"))
                } else if let left, left < Self.lowBudget {
                    report.add(AttentionItem(.degraded, service: service, title: "\(name): error budget low",
                                             evidence: evidence, recommendation: "slow down releases; look at the top error sources"))
                } else if let burn, burn > 1 {
                    report.add(AttentionItem(.degraded, service: service, title: "\(name): burning faster than sustainable",
                                             evidence: evidence, recommendation: "open a ticket; at this rate the budget runs out before the window ends"))
                } else if total == nil {
                    report.add(AttentionItem(.degraded, service: service, title: "\(name): no data",
                                             evidence: "no events over \(window)", recommendation: "check the SLO's series are scraped"))
                }
            }
        }
        if !lines.isEmpty { report.add(StatusSection(title: "SLOs", lines: lines)) }
    }
}
