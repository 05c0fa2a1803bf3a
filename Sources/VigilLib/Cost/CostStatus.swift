import VigilEngines
import VigilRuntime

/// The cost engine's part of the status report: per tenant, the month to date and the
/// end-of-month forecast with its band; per budget, its state and why; per tenant, the
/// recommendation that saves most. A budget in warning needs attention soon, an exceeded
/// one now. Cost data that cannot be read (an unpriced usage) is an item, never a quiet $0.
extension CostBinding {
    func contributeStatus(to report: inout StatusReport, _ request: StatusRequest) throws {
        let registry = Self.registry(request.session)
        let declared = !registry.budgets.isEmpty || !registry.priceTable.prices.isEmpty
        let ledger: CostLedger
        do {
            ledger = try CostData.ledger(request.call, request.session)
        } catch let error as RuntimeError {
            // Without cost declarations, a program that has no cost series has nothing to report.
            guard declared else { return }
            report.add(AttentionItem(.degraded, service: nil, title: "cost data cannot be read", evidence: error.message,
                                     recommendation: "fix the usage or billing series so spend can be tracked"))
            return
        }
        guard declared || !ledger.charges.isEmpty else { return }
        let now = request.now, d = SpendForecast.dollars
        var lines: [String] = []
        var top: [String: CostRecommendation] = [:]
        for tenant in ledger.tenants {
            let filter = ChargeFilter(tenant: tenant), (start, end) = BudgetPeriod.month.bounds(now)
            var line = "\(tenant): \(d(ledger.monthToDate(filter, now: now))) month to date"
            if let f = SpendForecast(ledger, filter, now: now, periodStart: start, periodEnd: end) {
                line += ", forecast \(d(f.value)) (\(d(f.low)) to \(d(f.high))) by the end of the month"
            } else {
                line += ", no forecast yet (no whole day of spend)"
            }
            lines.append(line)
            guard let r = CostAdvisor().recommendations(ledger, tenant: tenant, now: now)
                .max(by: { $0.monthlySaving < $1.monthlySaving }) else { continue }
            top[tenant] = r
            lines.append("\(tenant): \(r.kind.rawValue), saves about \(d(r.monthlySaving)) a month: \(r.action) (\(r.evidence))")
        }
        for handle in registry.budgets.values.sorted(by: { $0.budget.name < $1.budget.name }) {
            let budget = handle.budget
            guard ledger.tenants.contains(budget.tenant) else {
                lines.append("budget \(budget.name) (\(budget.tenant)): no cost data for the tenant")
                report.add(AttentionItem(.degraded, service: nil, title: "budget \(budget.name): no cost data",
                                         evidence: "no usage or billed cost of tenant \"\(budget.tenant)\"",
                                         recommendation: "check the tenant's usage_total series and billing exports are ingested"))
                continue
            }
            let status = BudgetStatus(budget, ledger, now: now)
            lines.append("budget \(budget.name) (\(budget.tenant)): \(status.state.rawValue), \(status.reason)")
            guard status.state != .ok else { continue }
            let evidence = status.reason + (status.forecast.map { "; forecast rests on \($0.basis)" } ?? "")
            let action = top[budget.tenant].map { "\($0.action) (about \(d($0.monthlySaving)) a month)" }
                ?? "find the operations that grew with cost(tenant: \"\(budget.tenant)\", operation: …, over: 1d)"
            report.add(AttentionItem(status.state == .exceeded ? .unhealthy : .degraded, service: nil,
                                     title: "budget \(budget.name): \(status.state.rawValue)", evidence: evidence,
                                     recommendation: action))
        }
        report.add(StatusSection(title: "Cost", lines: lines))
    }
}
