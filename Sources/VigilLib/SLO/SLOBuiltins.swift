import VigilCheck
import VigilEngines
import VigilRuntime
import VigilSeries

/// The SLO builtins (LANGUAGE.md §7), each declared next to its implementation. Every one
/// takes an SLO handle: its declared name (`checkout_availability`) or `slo("…")`. An SLO
/// with `by "label"` gives a vector, one element per label value, so its alert rules keep
/// one state per value.
extension SLOBinding {
    static let sloBuiltins: [EngineBuiltin] = [
        EngineBuiltin(builtin("slo", [param("name", .string)], .kind(.slo), .slo, .slo, "The SLO declared with that name.",
                              example: "slo(\"checkout_availability\")")) { session in
            { args, call in
                guard case .string(let name) = args[0] else { throw call.error("`slo` takes the SLO's name as a string") }
                return .object(try registry(session).slo(named: name, call))
            }
        },
        measure("burn_rate", window: true, .number,
                "The error ratio over the window divided by the error budget: 1x spends the budget exactly over the SLO's window.",
                example: "burn_rate(slo(\"checkout_availability\"), 1h)",
                kernel: { session in { [unowned session] request in BurnRateKernel(request, session: session) } }) { slo, seconds, call, session in
            try slo.errorRatios(over: seconds, call, session).map { ($0, $1.number.map { .number(slo.budget.burnRate(errorRatio: $0), .plain) }) }
        },
        measure("compliance", window: true, .percent, "The fraction of good events over the window.",
                example: "compliance(slo(\"checkout_availability\"), 1d)") { slo, seconds, call, session in
            try slo.errorRatios(over: seconds, call, session).map { ($0, $1.number.map { fraction(ErrorBudget.compliance(errorRatio: $0)) }) }
        },
        measure("error_budget", window: false, .percent, "The fraction of the error budget left over the SLO's window (negative once overspent).",
                example: "error_budget(slo(\"checkout_availability\"))") { slo, _, call, session in
            try slo.errorRatios(over: slo.budget.period, call, session).map { ($0, $1.number.map { fraction(slo.budget.left(errorRatio: $0)) }) }
        },
        measure("budget_spent", window: false, .percent, "The fraction of the error budget spent over the SLO's window.",
                example: "budget_spent(slo(\"checkout_availability\"))") { slo, _, call, session in
            try slo.errorRatios(over: slo.budget.period, call, session).map { ($0, $1.number.map { fraction(slo.budget.spent(errorRatio: $0)) }) }
        },
        measure("time_to_exhaustion", window: false, .duration,
                "How long the budget left lasts at the last hour's burn rate; nodata while nothing burns.",
                example: "time_to_exhaustion(slo(\"checkout_availability\"))") { slo, _, call, session in
            let recent = Dictionary(try slo.errorRatios(over: 3600, call, session), uniquingKeysWith: { first, _ in first })
            return try slo.errorRatios(over: slo.budget.period, call, session).map { group, spent -> (Labels, Value?) in
                guard let spent = spent.number, let recent = recent[group]?.number else { return (group, nil) }
                let rate = slo.budget.burnRate(errorRatio: recent)
                guard let seconds = slo.budget.timeToExhaustion(left: slo.budget.left(errorRatio: spent), burnRate: rate) else {
                    call.noteNodata("slo \(slo.name)\(group.isEmpty ? "" : " \(group)"): no errors over the last 1h, so the budget is not burning")
                    return (group, nil)
                }
                return (group, .number(seconds, Unit(.duration)))
            }
        },
    ]

    private static func fraction(_ value: Double) -> Value { .number(value, Unit(.number, .percent)) }

    /// A builtin of an SLO handle (and a window when `window`): one value, or with `by` a
    /// vector; an element whose measure is nodata is nodata.
    /// `kernel`: the comparison kernel of `F(slo, 1h) > 14.4x` (`BurnRateKernel`).
    private static func measure(_ name: String, window: Bool, _ result: ValueKind, _ doc: String, example: String,
                                kernel: ((VigilSession) -> VigilRuntime.Builtin.KernelFactory)? = nil,
                                _ compute: @escaping (SLOObject, Double, BuiltinCall, VigilSession) throws -> [(Labels, Value?)]) -> EngineBuiltin {
        let params = [param("slo", .slo)] + (window ? [param("w", .duration)] : [])
        var declaration = builtin(name, params, .kind(result), .slo, .slo, doc, example: example)
        declaration.comparisonKernel = kernel != nil
        var bound = EngineBuiltin(declaration) { session in
            { args, call in
                let slo = try handle(args[0], call, session)
                var seconds = slo.budget.period
                if window {
                    guard case .number(let w, let unit) = args[1], unit.dimension == .duration, w > 0 else {
                        throw call.error("`\(name)` needs a positive window such as 1h, found \(args[1].described)")
                    }
                    seconds = w
                }
                let values = try compute(slo, seconds, call, session)
                guard slo.by != nil else { return values.first?.1 ?? .nodata }
                return VectorValue.make(values.map { ($0, $1 ?? .nodata) })
            }
        }
        bound.kernel = kernel
        return bound
    }

    private static func handle(_ value: Value, _ call: BuiltinCall, _ session: VigilSession) throws -> SLOObject {
        switch value {
        case .object(let slo as SLOObject): return slo
        case .string(let name): return try registry(session).slo(named: name, call)
        default: throw call.error("expected an SLO such as checkout_availability or slo(\"checkout_availability\"), found \(value.described)")
        }
    }
}
