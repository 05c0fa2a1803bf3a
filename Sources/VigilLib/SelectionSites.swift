import VigilRuntime
import VigilSeries
import VigilSyntax

/// The selection each `series(…)` call site made last, reused while the call's arguments
/// stay the same. A rule builds the same selectors at every evaluation; reusing the
/// selection keeps its resolved series (see `SeriesSelection.series`) and skips building
/// its label matchers again. Keyed like the range functions' state: by where the call
/// stands in the source and by the narrowing in force.
final class SelectionSites {
    private struct Key: Hashable {
        let position: CallPosition
        let narrowing: String

        func hash(into hasher: inout Hasher) { hasher.combine(position) }
    }

    /// Each site's last arguments and selection, and its file: kept alive with the entry so
    /// its identity cannot pass to another file while the entry exists.
    private var last: [Key: (arguments: [Value], selection: SeriesSelection, file: SourceFile)] = [:]

    /// The selection for these arguments at this call: the previous one when the arguments
    /// are the same, else a new one from `make`.
    func selection(_ arguments: [Value], _ call: BuiltinCall, _ context: EvaluationContext,
                   make: () throws -> SeriesSelection) rethrows -> SeriesSelection {
        let key = Key(position: CallPosition(call.file, call.range.start), narrowing: context.narrowingKey)
        if let previous = last[key], previous.arguments.count == arguments.count,
           zip(previous.arguments, arguments).allSatisfy(Self.same) {
            return previous.selection
        }
        let selection = try make()
        last[key] = (arguments, selection, call.file)
        return selection
    }

    /// Whether two selector arguments (a metric name, labels given as strings or regex
    /// matchers, or none) select the same thing. Anything else counts as different, which
    /// only costs a new selection.
    private static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.string(let x), .string(let y)): return x == y
        case (.object(let x as RegexMatcher), .object(let y as RegexMatcher)):
            return x === y || (x.pattern == y.pattern && x.negated == y.negated)
        case (.record(let x), .record(let y)):
            return x === y || (x.shape.keys == y.shape.keys && x.values.count == y.values.count
                && zip(x.values, y.values).allSatisfy(same))
        default: return false
        }
    }
}
