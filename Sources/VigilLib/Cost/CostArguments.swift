import VigilEngines
import VigilRuntime
import VigilSeries
import VigilSyntax

/// The argument readers and result makers the cost builtins share.
extension CostBinding {
    static func isNone(_ v: Value) -> Bool {
        if case .none = v { return true }
        return false
    }

    static func budgetHandle(_ v: Value) -> BudgetObject? {
        if case .object(let b as BudgetObject) = v { return b }
        return nil
    }

    /// A budget handle, or the name of a declared budget.
    static func budget(_ v: Value, _ call: BuiltinCall, _ session: VigilSession) throws -> BudgetObject {
        if let b = budgetHandle(v) { return b }
        let budgets = registry(session).budgets
        guard case .string(let name) = v else {
            throw call.error("`budget_status` needs a budget declared with `budget NAME { … }`, found \(v.described)")
        }
        guard let b = budgets[name] else {
            let have = budgets.isEmpty ? "none is declared" : "declared are " + budgets.keys.sorted().joined(separator: ", ")
            throw call.error("no budget named \"\(name)\": \(have)", hint: Spelling.hint(for: name, in: budgets.keys))
        }
        return b
    }

    static func nowMs(_ call: BuiltinCall) -> Timestamp { Timestamp((call.now * 1000).rounded()) }

    /// Money without the noise of float sums (to a millionth of a dollar).
    static func money(_ dollars: Double) -> Value { .number((dollars * 1e6).rounded() / 1e6, .money) }

    static func noForecast(_ tenant: String) -> String {
        "no forecast for tenant \"\(tenant)\": it has no whole day of spend before today to take a daily rate from"
    }

    /// The tenant a string or a budget names, which must have charges: an unknown tenant is
    /// an error naming the tenants that exist, never a quiet $0.
    static func tenant(_ v: Value, _ call: BuiltinCall, _ ledger: CostLedger) throws -> String {
        let name: String
        switch v {
        case .string(let s): name = s
        case .object(let b as BudgetObject): name = b.budget.tenant
        default: throw call.error("expected a tenant such as \"acme\" or a budget, found \(v.described)")
        }
        let known = ledger.tenants
        guard known.contains(name) else {
            let which = budgetHandle(v).map { " (of budget \($0.budget.name))" } ?? ""
            let have = known.isEmpty
                ? "no tenant has costs: there are no \(CostData.usageMetric) series and no \(CostData.billedMetric) series"
                : "tenants with costs are " + known.map { "\"\($0)\"" }.joined(separator: ", ")
            throw call.error("no cost data for tenant \"\(name)\"\(which): \(have)", hint: Spelling.hint(for: name, in: known))
        }
        return name
    }

    /// An optional `operation:` or `capability:` argument, which must name something the
    /// charges matched so far have (a typo is an error, not $0).
    static func narrow(_ v: Value, _ key: String, _ dimension: @escaping (Charge) -> String?, _ filter: ChargeFilter,
                       _ ledger: CostLedger, _ call: BuiltinCall) throws -> String? {
        if isNone(v) { return nil }
        guard case .string(let name) = v else { throw call.error("`\(key)` must be a string, found \(v.described)") }
        let known = ledger.values(dimension, filter)
        guard known.contains(name) else {
            let whose = filter.tenant.map { " of tenant \"\($0)\"" } ?? ""
            let have = known.isEmpty ? "there are none" : "there are " + known.map { "\"\($0)\"" }.joined(separator: ", ")
            throw call.error("no \(key) \"\(name)\"\(whose) has costs: \(have)", hint: Spelling.hint(for: name, in: known))
        }
        return name
    }

    static func statusRecord(_ s: BudgetStatus, _ call: BuiltinCall) -> Value {
        let f = s.forecast
        if f == nil { call.noteNodata(noForecast(s.budget.tenant)) }
        func time(_ t: Timestamp) -> Value { .number(Double(t) / 1000, .timestamp) }
        return .record(Record([
            ("budget", .string(s.budget.name)), ("tenant", .string(s.budget.tenant)),
            ("period", .string(s.budget.period.rawValue)), ("period_start", time(s.periodStart)),
            ("period_end", time(s.periodEnd)), ("spent", money(s.spent)), ("limit", .number(s.budget.limit, .money)),
            ("left", money(s.left)), ("used", .number((s.used * 1e6).rounded() / 1e6, Unit(.number, .percent))),
            ("forecast", f.map { money(($0.value * 100).rounded() / 100) } ?? .nodata),
            ("forecast_low", f.map { money(($0.low * 100).rounded() / 100) } ?? .nodata),
            ("forecast_high", f.map { money(($0.high * 100).rounded() / 100) } ?? .nodata),
            ("forecast_basis", f.map { .string($0.basis) } ?? .nodata),
            ("state", .string(s.state.rawValue)), ("reason", .string(s.reason)),
        ]))
    }
}
