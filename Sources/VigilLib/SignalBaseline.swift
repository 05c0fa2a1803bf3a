import VigilRuntime
import VigilSeries
import VigilSyntax

/// `baseline` outside a canary (LANGUAGE.md §4): the mean — or median, or exponentially
/// weighted mean — of the signal's own values over the trailing window (default 1d), as
/// evaluated every 30 s (the default evaluation interval), and nodata until 10 values exist.
/// The same hook serves services, top-level rules, policies, scripts and the REPL.
///
/// The values are taken at the evaluation-interval grid points (multiples of 30 s since the
/// epoch) inside `[now − window, now)`: earlier evaluations only, so a step change stands
/// out against the level before it. Each `baseline` in the source keeps its history (per
/// narrowing, and per caller when it stands in a `fn`), so a rule evaluated every tick
/// computes one new point per tick; points it has not seen — the first evaluation, or a
/// jump in time — are backfilled by evaluating the signal at those earlier times.
final class SignalBaseline {
    static let defaultWindow = 86_400.0
    static let interval = 30.0
    static let minimumValues = 10

    private struct Key: Hashable {
        let path: String
        let offset: Int
        let narrowing: String
        /// The user-function calls `baseline` stands inside (`Interpreter.callPath`): a `fn`
        /// wrapping it keeps one history per caller.
        let callers: Int
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
            // Beyond the time span the window's first point would not fit an Int64.
            _ = try TimeSpanCheck.milliseconds(window, file: request.file, range: request.range)
            let method = Method(rawValue: request.method ?? "mean") ?? .mean
            return { subject in try baseline.value(request, window: window, method: method, subject) }
        }
    }

    /// How the window's values become one: `method:` of `baseline(S, window:, method:)`.
    enum Method: String {
        case mean, median, ewma
    }

    private func value(_ request: BaselineRequest, window: Double, method: Method, _ subject: () throws -> Value) throws -> Value {
        let now = context.interpreter.now
        let key = Key(path: request.file.path, offset: request.range.start, narrowing: context.narrowingKey,
                      callers: context.interpreter.callPath)
        let history = histories[key] ?? History()
        histories[key] = history
        let first = Int64(((now - window) / Self.interval).rounded(.up))
        let last = Int64((now / Self.interval).rounded(.up)) - 1
        if history.points.keys.contains(where: { $0 < first || $0 > last }) {
            history.points = history.points.filter { $0.key >= first && $0.key <= last }
        }
        if first <= last {
            // Earlier points' own nodata reasons are not this evaluation's: only the count is.
            let reasons = context.interpreter.nodataReasons
            defer { context.interpreter.nodataReasons = reasons }
            for index in first...last where history.points[index] == nil {
                let earlier = context.interpreter.evaluation.at(Double(index) * Self.interval)
                let value = try context.interpreter.evaluating(earlier) { try subject() }
                history.points[index] = try record(value, in: history, request)
            }
        }
        let (value, shortest) = summary(history, method: method)
        if let (labels, count) = shortest {
            let subject = request.file.slice(request.subject.range) + (labels.isEmpty ? "" : " for \(labels)")
            let reason = "the baseline of \(subject) has \(count) of the \(Self.minimumValues) values it needs " +
                "(one per \(Value.number(Self.interval, .duration).literal) over the last \(Value.number(window, .duration).literal))"
            if !context.interpreter.nodataReasons.contains(reason) { context.interpreter.nodataReasons.append(reason) }
        }
        return value
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

    /// The summary per label set, over label sets with at least 10 values; and the label set
    /// left out with the fewest values (the empty one for a scalar), to say why.
    private func summary(_ history: History, method: Method) -> (Value, (Labels, Int)?) {
        var values: [Labels: [Double]] = [:]
        for index in history.points.keys.sorted() {
            for (labels, x) in history.points[index]! where !x.isNaN { values[labels, default: []].append(x) }
        }
        var entries: [(Labels, Value)] = []
        var shortest: (Labels, Int)?
        for (labels, xs) in values.sorted(by: { $0.key.description < $1.key.description }) {
            guard xs.count >= Self.minimumValues else {
                if xs.count < shortest?.1 ?? Int.max { shortest = (labels, xs.count) }
                continue
            }
            let x: Double
            switch method {
            case .mean: x = Self.mean(xs)
            case .median: x = Self.median(xs)
            case .ewma: x = Self.ewma(xs)
            }
            entries.append((labels, .number(x, history.unit)))
        }
        if !history.isVector {
            guard let scalar = entries.first(where: { $0.0.isEmpty }) else { return (.nodata, shortest ?? (Labels(), 0)) }
            return (scalar.1, nil)
        }
        if entries.isEmpty, shortest == nil { shortest = (Labels(), 0) }
        return (VectorValue.make(entries), shortest)
    }

    static func mean(_ xs: [Double]) -> Double {
        var sum = 0.0
        for x in xs { sum += x }
        return sum / Double(xs.count)
    }

    /// Oldest first, each value weighing `α = 2 / (n + 1)` against the average so far (a span
    /// of the whole window), so recent values count most yet none is ignored.
    static func ewma(_ xs: [Double]) -> Double {
        let alpha = 2 / Double(xs.count + 1)
        var average = xs[0]
        for x in xs.dropFirst() { average += alpha * (x - average) }
        return average
    }

    static func median(_ xs: [Double]) -> Double {
        let sorted = xs.sorted(), middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
