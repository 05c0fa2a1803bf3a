import VigilSeries

/// Idle resources: a billed resource (a FOCUS line's ResourceId) that kept costing money over
/// the last `evidenceDays` whole days while the operation it is tagged with was barely used —
/// its usage over those days under `idleShare` of its usage over the same number of days
/// before. Only an operation whose usage is measured (usage counters with some use in the
/// earlier days) can be judged: a bill alone says nothing about use. The saving is the
/// resource's whole billed cost over the evidence days, scaled to a month (30 days): what
/// stopping or deleting it saves.
extension CostAdvisor {
    /// Usage below this share of the earlier period's is "no usage".
    public static let idleShare = 0.01

    func idleResources(_ ledger: CostLedger, _ tenant: String, _ now: Timestamp) -> [CostRecommendation] {
        let day = CostCalendar.dayMs, to = CostCalendar.startOfDay(now)
        let from = to - Timestamp(evidenceDays) * day, before = from - Timestamp(evidenceDays) * day
        // Billed cost per (operation, resource) over the evidence days, and usage per operation in both periods.
        struct Resource: Hashable { let operation: String, id: String, service: String }
        var billed: [Resource: Double] = [:], recent: [String: Double] = [:], earlier: [String: Double] = [:]
        for c in ledger.overlapping(from: before, to: to) where c.tenant == tenant {
            switch c.source {
            case .billed(let service):
                guard let id = c.resource else { continue }
                billed[Resource(operation: c.operation, id: id, service: service), default: 0] += c.amount(from: from, to: to)
            case .usage:
                recent[c.operation, default: 0] += c.quantity(from: from, to: to)
                earlier[c.operation, default: 0] += c.quantity(from: before, to: from)
            }
        }
        let days = Double(evidenceDays), d = SpendForecast.dollars, n = SpendForecast.number
        var out: [CostRecommendation] = []
        for (resource, cost) in billed.sorted(by: { $0.key.id < $1.key.id }) {
            let used = recent[resource.operation] ?? 0, usedBefore = earlier[resource.operation] ?? 0
            guard cost > 0, usedBefore > 0, used < Self.idleShare * usedBefore else { continue }
            out.append(CostRecommendation(
                kind: .idle, tenant: tenant, operation: resource.operation,
                evidence: "\(resource.id) (\(resource.service)) billed \(d(cost / days)) a day over the last \(n(days)) days "
                    + "while \(resource.operation) used \(n(used)) units, against \(n(usedBefore)) in the \(n(days)) days before",
                monthlySaving: Self.cents(cost / days * 30),
                action: "stop or delete \(resource.id) if \(resource.operation) no longer needs it"))
        }
        return out
    }
}
