import VigilEngines
import VigilRuntime
import VigilSeries

/// The charges a session knows, read from its series at each call:
/// - usage counters `usage_total{tenant, operation, usage, capability?}` (units of the usage
///   consumed, such as db_query or api_call), each step priced by the `prices` block;
/// - billed costs `focus_billed_cost` ingested from a FOCUS export (FocusParser), each sample
///   one charge over its `charge_period_seconds`, for the tenant and operation of its tags
///   (the ServiceName when no operation tag; `__unallocated__` when no tenant tag).
enum CostData {
    static let usageMetric = "usage_total"
    static let billedMetric = "focus_billed_cost"
    static let unallocated = "__unallocated__"

    /// The ledger of the session's cost series, built again only when they changed.
    static func ledger(_ call: BuiltinCall, _ session: VigilSession) throws -> CostLedger {
        let registry = CostBinding.registry(session)
        let usage = try select(usageMetric, call, session.context), billed = try select(billedMetric, call, session.context)
        let key = (usage + billed).map { CostRegistry.SeriesKey(labels: $0.labels, count: $0.count, last: $0.timestamps.last) }
        if let cached = registry.ledger, cached.key == key { return cached.ledger }
        let ledger = try build(usage, billed, registry.priceTable, call)
        registry.ledger = (key, ledger)
        return ledger
    }

    private static func build(_ usage: [Series], _ billed: [Series], _ table: PriceTable,
                              _ call: BuiltinCall) throws -> CostLedger {
        var charges: [Charge] = []
        for series in usage {
            let l = series.labels
            guard let tenant = l["tenant"], let operation = l["operation"], let usage = l["usage"] else {
                throw call.error("the usage series \(l) needs the labels tenant, operation and usage",
                                 hint: "usage_total{tenant=\"acme\", operation=\"billing.charge\", usage=\"db_query\"} counts units of a priced usage")
            }
            let counter = UsageCounter(tenant: tenant, operation: operation, capability: l["capability"], usage: usage,
                                       timestamps: series.timestamps, values: series.values)
            do {
                charges += try table.charges(counter)
            } catch let error as CostError {
                throw call.error("\(error)", hint: "add `\(usage): $…` to the `prices` block")
            }
        }
        for series in billed {
            let l = series.labels
            guard let seconds = l["charge_period_seconds"].flatMap(Int64.init), seconds > 0 else {
                throw call.error("the billed cost series \(l) has no charge_period_seconds label: ingest FOCUS exports with `vigil ingest FILE.csv`")
            }
            let service = l["service_name"] ?? ""
            for i in 0..<series.count where series.values[i].isFinite {
                let start = series.timestamps[i]
                charges.append(Charge(tenant: l["tenant"] ?? unallocated, operation: l["operation"] ?? service,
                                      capability: l["capability"], amount: series.values[i], start: start,
                                      end: start + seconds * 1000, source: .billed(service: service)))
            }
        }
        return CostLedger(charges)
    }

    /// Every series of `metric`, loaded from a live source first when there is one.
    private static func select(_ metric: String, _ call: BuiltinCall, _ context: EvaluationContext) throws -> [Series] {
        try SeriesBuiltins.selection([.string(metric)], call, context).series
    }
}
