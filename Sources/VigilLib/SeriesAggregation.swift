import VigilCheck
import VigilRuntime
import VigilSeries
import VigilSyntax

/// `sum avg min max count` and `top`: the aggregate names are shared with the core list
/// builtins, so each name has one implementation per declared overload — a list keeps the
/// core behaviour (`min(a, b)` of two quantities too), a series with a window aggregates
/// over time, and a series or vector without one aggregates across series (`by:` groups).
/// The checker's resolution of a call says which overload it is; only where an argument's
/// type is unknown statically is it chosen at run time (see `Builtin.narrowed`).
enum SeriesAggregation {
    static func install(in session: VigilSession, sites: SeriesCallSites) {
        let context = session.context, interpreter = session.interpreter
        for name in ["sum", "avg", "min", "max", "count"] {
            guard let core = interpreter.builtin(named: name), let binding = BuiltinBinding(name: name) else { continue }
            let pairwise = name == "min" || name == "max"
            let overloads = binding.overloads.map { overload -> VigilRuntime.Builtin.Implementation in
                if overload.feature == .core {
                    // The core's list (or pair) overload; nodata, from a signal, stays nodata.
                    return { args, call in
                        if case .nodata = args[0] { return .nodata }
                        return try core.invoke(pairwise ? [args[0], args[1]] : [args[0]], call)
                    }
                }
                if overload.positional.count == 2 {
                    return { args, call in
                        if case .object(let o) = args[0], !(o is SeriesSelection) {
                            throw call.error("`\(name)` over time needs a series selection such as series(\"x\"), found a \(o.typeName)")
                        }
                        return try SeriesRangeBuiltins.aggregateOverTime(name, args[0], args[1], call, context, sites)
                    }
                }
                return { args, call in
                    switch args[0] {
                    case .nodata: return .nodata
                    case .number where args[2].isNone:
                        // A signal that is already one number (`ratio` without `by:`) aggregates
                        // as a single element, so `max(checkout.error_rate)` works either way.
                        return name == "count" ? .number(1) : args[0]
                    case .object(let o) where o is SeriesSelection || o is VectorValue:
                        return try across(name, args[0], by: args[2], call)
                    default:
                        throw call.error("`by:` applies to series and vectors, found \(args[0].described)")
                    }
                }
            }
            interpreter.register(VigilRuntime.Builtin(name, overloads: overloads))
        }
        interpreter.register(VigilRuntime.Builtin("top") { args, call in
            try top(args[0], args[1], by: args[2], call)
        })
    }

    /// The entries of a vector, or of a selection's newest samples; nil for nodata.
    static func entries(_ v: Value, _ call: BuiltinCall) throws -> [VectorValue.Entry]? {
        switch v {
        case .object(let vector as VectorValue): return vector.entries
        case .object(let selection as SeriesSelection):
            guard case .object(let vector as VectorValue) = selection.instant() else {
                SeriesRangeBuiltins.noteEmpty(selection, "5m", call)
                return nil
            }
            return vector.entries
        case .nodata: return nil
        default: throw call.error("expected a series or a vector, found \(v.described)")
        }
    }

    /// The label a `by:` argument names, if given.
    static func groupLabel(_ by: Value, _ call: BuiltinCall) throws -> String? {
        switch by {
        case .none: return nil
        case .string(let label): return label
        default: throw call.error("`by:` must be a label name such as \"endpoint\", found \(by.described)")
        }
    }

    /// Entries grouped by the `by` label's value (one group of everything without `by`), in label order.
    static func groups(_ entries: [VectorValue.Entry], by label: String?) -> [(Labels, [VectorValue.Entry])] {
        var order: [Labels] = []
        var members: [Labels: [VectorValue.Entry]] = [:]
        for e in entries {
            let key = label.map { Labels([$0: e.labels[$0] ?? ""]) } ?? Labels()
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(e)
        }
        return order.sorted().map { ($0, members[$0]!) }
    }

    /// `sum(v, by: "label")` and friends: one value per group; nodata in a group is contagious.
    /// Without `by:` the result is a plain number, not a one-element vector, so it meets
    /// every element of a vector (`rate(x, 5m) > 1.5 * avg(rate(x, 5m))`).
    static func across(_ name: String, _ v: Value, by: Value, _ call: BuiltinCall) throws -> Value {
        guard let entries = try entries(v, call) else { return .nodata }
        let label = try groupLabel(by, call)
        if label == nil {
            let result = try objectErrors(call) { try aggregate(name, entries.map(\.value)) }
            // A nodata element makes the aggregate nodata; say why when the vector knows.
            if case .nodata = result { v.vector?.nodataReasons.forEach(call.noteNodata) }
            return result
        }
        return try objectErrors(call) {
            VectorValue.make(try groups(entries, by: label).map { key, members in
                (key, try aggregate(name, members.map(\.value)))
            })
        }
    }

    /// One aggregate of elements; nodata among them is contagious. `min` and `max` skip NaN
    /// elements (NaN only when all are), and `avg` keeps a running mean where the sum of
    /// finite elements overflows — both as Prometheus's aggregations do.
    static func aggregate(_ name: String, _ values: [Value]) throws -> Value {
        if name == "count" { return .number(Double(values.count)) }
        guard var result = values.first else { return .nodata }
        for x in values.dropFirst() {
            switch name {
            case "min", "max":
                // The comparison also checks that the units agree.
                if case .bool(true) = try x.applying(name == "min" ? .lt : .gt, result) { result = x }
                else if case .nodata = x { result = x }
                else if isNaN(result), !isNaN(x) { result = x }
            default: result = try result.applying(.add, x)
            }
            if case .nodata = result { return .nodata }
        }
        if case .nodata = result { return .nodata }
        guard name == "avg" else { return result }
        if case .number(let sum, let unit) = result, !sum.isFinite {
            let numbers = values.compactMap { v -> Double? in if case .number(let x, _) = v { return x } else { return nil } }
            if numbers.allSatisfy(\.isFinite) { return .number(RunningMean.of(numbers), unit) }
        }
        return try result.applying(.div, .number(Double(values.count)))
    }

    private static func isNaN(_ v: Value) -> Bool {
        if case .number(let x, _) = v { return x.isNaN }
        return false
    }

    /// `top(k, v)`: the k largest elements. With `by:`, the k label groups whose largest
    /// element is largest, each shown by that element — "which 3 endpoints are worst".
    static func top(_ kValue: Value, _ v: Value, by: Value, _ call: BuiltinCall) throws -> Value {
        guard case .number(let k, let unit) = kValue, unit.dimension == .number, k >= 1, k == k.rounded() else {
            throw call.error("`top` needs a whole number of elements to keep (1 or more), found \(kValue.described)")
        }
        guard let entries = try entries(v, call) else { return .nodata }
        let label = try groupLabel(by, call)
        for e in entries {
            switch e.value {
            case .number, .nodata: continue
            default: throw call.error("`top` ranks numbers, found \(e.value.described)")
            }
        }
        var ranked: [(labels: Labels, value: Value, x: Double)] = []
        for (_, members) in groups(entries, by: label) {
            let numbers = members.compactMap { e -> (labels: Labels, value: Value, x: Double)? in
                if case .number(let x, _) = e.value, !x.isNaN { return (e.labels, e.value, x) }
                return nil
            }
            if label == nil { ranked += numbers } else if let best = numbers.max(by: { $0.x < $1.x }) { ranked.append(best) }
        }
        ranked.sort { $0.x != $1.x ? $0.x > $1.x : $0.labels < $1.labels }
        // `k >= 1` above excludes NaN, and `min` caps it at the count: the conversion cannot trap.
        return VectorValue.make(ranked.prefix(Int(min(k, Double(ranked.count)))).map { ($0.labels, $0.value) })
    }

    /// Runs element arithmetic, locating its errors at the call.
    static func objectErrors<T>(_ call: BuiltinCall, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as ObjectError { throw call.error(e.message, hint: e.hint) }
    }
}
