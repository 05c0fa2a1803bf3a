import VigilRuntime
import VigilSeries
import VigilSyntax

/// `ratio(a, b, w, by: "label")`: the sum of increase(a) over the sum of increase(b), per
/// `by` group — an error rate from request counters. A group whose denominator did not
/// increase is nodata, not infinity or zero; so is one whose numerator has no series.
/// Without `by:` it is one plain number.
enum SeriesRatioBuiltin {
    static func install(in session: VigilSession, sites: SeriesCallSites) {
        let context = session.context
        session.interpreter.register(Builtin("ratio") { args, call in
            guard let numerator = try SeriesBuiltins.seriesArgument(args[0], call),
                  let denominator = try SeriesBuiltins.seriesArgument(args[1], call) else { return .nodata }
            let width = try SeriesBuiltins.window(args[2], call)
            let label = try SeriesAggregation.groupLabel(args[3], call)
            let top = increases(numerator, "ratio.a", width, label, call, context, sites)
            let bottom = increases(denominator, "ratio.b", width, label, call, context, sites)
            var entries: [(Labels, Value)] = []
            var zeroDenominator = false
            for (group, total) in bottom.sorted(by: { $0.key < $1.key }) {
                guard total != 0 else { zeroDenominator = true; continue }
                guard let part = top[group] else { continue }
                entries.append((group, .number(part / total, MetricUnits.unit(of: nil, function: .fraction))))
            }
            if entries.isEmpty {
                if numerator.series.isEmpty || denominator.series.isEmpty || bottom.isEmpty {
                    let empty = numerator.series.isEmpty || top.isEmpty ? numerator : denominator
                    SeriesRangeBuiltins.noteEmpty(empty, args[2].literal, call, needsTwo: true)
                } else if zeroDenominator {
                    call.noteNodata("\(denominator.display) did not increase in the last \(args[2].literal)")
                } else {
                    call.noteNodata("no `by` group of \(numerator.display) matches one of \(denominator.display)")
                }
            }
            // Without `by:` the ratio aggregates across series: a plain number, as `sum` is.
            if label == nil { return entries.first?.1 ?? .nodata }
            return VectorValue.make(entries)
        })
    }

    /// The summed increase of each group's series over the window; groups with no value are absent.
    static func increases(_ selection: SeriesSelection, _ role: String, _ width: Milliseconds, _ label: String?,
                          _ call: BuiltinCall, _ context: EvaluationContext, _ sites: SeriesCallSites) -> [Labels: Double] {
        let now = context.nowMs
        var sums: [Labels: Double] = [:]
        let site = sites.windows(SeriesCallSites.key(call, role, context))
        for (position, series) in selection.series.enumerated() {
            guard let increase = site.value(.increase, width: width, of: series, position: position, at: now) else { continue }
            let group = label.map { Labels([$0: series.labels[$0] ?? ""]) } ?? Labels()
            sums[group, default: 0] += increase
        }
        return sums
    }
}
