import VigilRuntime
import VigilSeries
import VigilSyntax

/// `without(v, "l", …)`, `keep(v, "l", …)` and `scalar(v)`: the builtins that make two
/// vectors' label sets meet (LANGUAGE §4, "Matching"). Their catalog entries (with the same
/// parameter names) are in VigilCheck's BuiltinsVectorMatching.swift.
enum VectorMatchingBuiltins {
    static func install(in session: VigilSession) {
        let interpreter = session.interpreter
        interpreter.register(Builtin("without") { args, call in
            try relabel("without", args, call) { labels, names in labels.removing(names) }
        })
        interpreter.register(Builtin("keep") { args, call in
            try relabel("keep", args, call) { labels, names in Labels(pairs: labels.pairs.filter { names.contains($0.name) }) }
        })
        interpreter.register(Builtin("scalar") { args, call in try scalar(args[0], call) })
    }

    /// The vector with each element's label set rewritten by `change`; two elements that
    /// end up with one label set are an error naming both, since which one to keep is
    /// anybody's guess.
    static func relabel(_ name: String, _ args: [Value], _ call: BuiltinCall,
                        _ change: (Labels, Set<String>) -> Labels) throws -> Value {
        guard let first = args.first else { throw call.error("`\(name)` needs a vector and the labels to \(name == "keep" ? "keep" : "drop")") }
        var names = Set<String>()
        for label in args.dropFirst() {
            guard case .string(let s) = label else { throw call.error("`\(name)` takes label names such as \"quantile\", found \(label.described)") }
            names.insert(s)
        }
        guard let entries = try SeriesAggregation.entries(first, call) else { return .nodata }
        let reasons = (first.vector?.reasons) ?? [:]
        var out: [(before: Labels, entry: VectorValue.Entry)] = entries.map { ($0.labels, VectorValue.Entry(change($0.labels, names), $0.value)) }
        out.sort { $0.entry.labels < $1.entry.labels }
        for (a, b) in zip(out, out.dropFirst()) where a.entry.labels == b.entry.labels {
            throw call.error("`\(name)` leaves two elements with the label set \(VectorValue.show(a.entry.labels)): "
                             + "\(VectorValue.show(a.before)) and \(VectorValue.show(b.before))",
                             hint: name == "keep" ? "keep a label that tells them apart" : "drop fewer labels, or aggregate first with `by:`")
        }
        var moved: [Labels: String] = [:]
        for e in out { if let r = reasons[e.before] { moved[e.entry.labels] = r } }
        return VectorValue.make(keepingOrder: out.map(\.entry), reasons: moved)
    }

    /// A one-element vector as its value; a plain value as itself. Anything else is nodata
    /// with the reason (as PromQL's `scalar()` gives NaN), never an arbitrary element.
    static func scalar(_ v: Value, _ call: BuiltinCall) throws -> Value {
        switch v {
        case .number, .nodata: return v
        case .object(let o) where o is VectorValue || o is SeriesSelection:
            guard let entries = try SeriesAggregation.entries(v, call) else { return .nodata }
            if entries.count == 1 {
                if case .nodata = entries[0].value, let reason = v.vector?.reasons[entries[0].labels] { call.noteNodata(reason) }
                return entries[0].value
            }
            let shown = entries.prefix(3).map { VectorValue.show($0.labels) }.joined(separator: ", ")
            call.noteNodata("scalar() needs exactly one element, found \(entries.count): \(shown)\(entries.count > 3 ? ", …" : "")")
            return .nodata
        default:
            throw call.error("`scalar` needs a vector or a number, found \(v.described)")
        }
    }
}

extension Value {
    /// The vector this value is, if it is one.
    var vector: VectorValue? {
        if case .object(let v as VectorValue) = self { return v }
        return nil
    }
}
