import VigilRuntime
import VigilSeries
import VigilSyntax

/// `baseline` outside a canary (LANGUAGE.md §4): the mean — or median — of the signal's own
/// values over the trailing window (default 1d), as evaluated every 30 s (the default
/// evaluation interval), and nodata until 10 values exist.
///
/// The values are taken at the evaluation-interval grid points (multiples of 30 s since the
/// epoch) inside `[now − window, now)`: earlier evaluations only, so a step change stands
/// out against the level before it. Each `baseline` in the source keeps its history (per
/// narrowing), so a rule evaluated every tick computes one new point per tick; points it
/// has not seen — the first evaluation, or a jump in time — are backfilled by evaluating
/// the signal at those earlier times.
final class SignalBaseline {
    static let defaultWindow = 86_400.0
    static let interval = 30.0
    static let minimumValues = 10

    private struct Key: Hashable {
        let path: String
        let offset: Int
        let narrowing: String
    }

    /// The signal's values at grid points (index = time / interval); a nodata point is empty.
    private final class History {
        var points: [Int64: [Labels: Double]] = [:]
        var unit = Unit.plain
        var isVector = false
    }

    private unowned let context: EvaluationContext
    private var histories: [Key: History] = [:]

    private init(context: EvaluationContext) { self.context = context }

    /// The hook a session's compile environments use for `baseline`.
    static func hook(for context: EvaluationContext) -> (BaselineRequest) throws -> BaselineEvaluator {
        let baseline = SignalBaseline(context: context)
        return { request in
            let window = request.window ?? defaultWindow
            guard window >= interval else {
                throw RuntimeError("the baseline window must be at least the 30s evaluation interval, found \(Value.number(window, .duration).literal)",
                                   file: request.file, range: request.range)
            }
            let median = request.method == "median"
            return { subject in try baseline.value(request, window: window, median: median, subject) }
        }
    }

    private func value(_ request: BaselineRequest, window: Double, median: Bool, _ subject: () throws -> Value) throws -> Value {
        let now = context.interpreter.now
        let key = Key(path: request.file.path, offset: request.range.start, narrowing: context.narrowingKey)
        let history = histories[key] ?? History()
        histories[key] = history
        let first = Int64(((now - window) / Self.interval).rounded(.up))
        let last = Int64((now / Self.interval).rounded(.up)) - 1
        if history.points.keys.contains(where: { $0 < first || $0 > last }) {
            history.points = history.points.filter { $0.key >= first && $0.key <= last }
        }
        if first <= last {
            for index in first...last where history.points[index] == nil {
                let value = try context.at(Double(index) * Self.interval) { try subject() }
                history.points[index] = try record(value, in: history, request)
            }
        }
        return summary(history, median: median)
    }

    /// One evaluated value as label set → number (the empty label set for a scalar).
    private func record(_ value: Value, in history: History, _ request: BaselineRequest) throws -> [Labels: Double] {
        switch value {
        case .nodata:
            return [:]
        case .number(let x, let unit):
            history.unit = unit
            history.isVector = false
            return [Labels(): x]
        case .object(let vector as VectorValue):
            history.isVector = true
            var out: [Labels: Double] = [:]
            for e in vector.entries {
                guard case .number(let x, let unit) = e.value else { continue }
                history.unit = unit
                out[e.labels] = x
            }
            return out
        case .object(let selection as SeriesSelection):
            return try record(selection.instant(), in: history, request)
        default:
            throw RuntimeError("`baseline` needs a signal with numeric values, found \(value.described)",
                               file: request.file, range: request.range)
        }
    }

    /// The mean or median per label set, over label sets with at least 10 values.
    private func summary(_ history: History, median: Bool) -> Value {
        var values: [Labels: [Double]] = [:]
        for index in history.points.keys.sorted() {
            for (labels, x) in history.points[index]! where !x.isNaN { values[labels, default: []].append(x) }
        }
        var entries: [(Labels, Value)] = []
        for (labels, xs) in values where xs.count >= Self.minimumValues {
            entries.append((labels, .number(median ? Self.median(xs) : Self.mean(xs), history.unit)))
        }
        if !history.isVector {
            guard let scalar = entries.first(where: { $0.0.isEmpty }) else { return .nodata }
            return scalar.1
        }
        return VectorValue.make(entries)
    }

    static func mean(_ xs: [Double]) -> Double {
        var sum = 0.0
        for x in xs { sum += x }
        return sum / Double(xs.count)
    }

    static func median(_ xs: [Double]) -> Double {
        let sorted = xs.sorted(), middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
