import Foundation
import VigilRuntime
import VigilSeries
import VigilSyntax

/// `baseline` inside a canary: the same signal evaluated on the stable version.
///
/// At a step where the stable version serves no traffic (100%, or after a blue/green
/// switch) its signals are nodata; the baseline then holds the last value the stable
/// version really produced, so the last step is judged against the stable version as it
/// was just before it was drained. At every other step nodata stays nodata: missing data
/// never passes.
final class CanaryBaseline {
    let plan: CanaryPlan
    unowned let context: EvaluationContext
    /// Whether the stable version is serving no traffic now.
    var stableIsDrained: () -> Bool = { false }
    /// The last real stable value per subject (its source text).
    private(set) var held: [String: Value] = [:]
    /// The value each subject had at the latest evaluation, for observations and timelines.
    private(set) var latest: [String: Value] = [:]

    init(plan: CanaryPlan, context: EvaluationContext) {
        self.plan = plan
        self.context = context
    }

    /// The compile-environment hook.
    func hook(_ request: BaselineRequest) throws -> BaselineEvaluator {
        if request.window != nil || request.method != nil {
            throw RuntimeError("inside a canary `baseline` is the stable version's value; `window:` and `method:` do not apply",
                               hint: "write `error_rate > baseline + 0.5%`", file: request.file, range: request.range)
        }
        let key = request.file.slice(request.subject.range)
        return { [unowned self] subject in try self.value(of: key, subject) }
    }

    /// `subject` on the stable version, relabelled as the candidate so that label sets match
    /// element by element in `candidate > baseline * 150%`.
    func value(of key: String, _ subject: () throws -> Value) throws -> Value {
        let stable = context.interpreter.evaluation.narrowed(to: [plan.pin(for: plan.stable)])
        var value = try context.interpreter.evaluating(stable) { try subject() }
        value = relabelled(value)
        if case .nodata = value, stableIsDrained(), let last = held[key] {
            value = last
        } else if !value.isNodata {
            held[key] = value
        }
        latest[key] = value
        return value
    }

    private func relabelled(_ value: Value) -> Value {
        switch value {
        case .object(let s as SeriesSelection): return relabelled(s.instant())
        case .object(let v as VectorValue):
            return VectorValue.make(v.entries.map { e in
                (e.labels[plan.versionLabel] == nil ? e.labels : e.labels.with(plan.versionLabel, plan.candidate), e.value)
            })
        default: return value
        }
    }
}

extension Value {
    var isNodata: Bool { if case .nodata = self { return true }; return false }

    /// One number for a report: a plain number, or the value of a one-element vector.
    var scalar: Double? {
        switch self {
        case .number(let v, _): return v
        case .object(let v as VectorValue) where v.entries.count == 1: return v.entries[0].value.scalar
        case .object(let s as SeriesSelection): return s.instant().scalar
        default: return nil
        }
    }

    /// A short rendering for timelines: a one-element vector shows only its value.
    var brief: String {
        switch self {
        case .object(let v as VectorValue) where v.entries.count == 1: return v.entries[0].value.brief
        case .object(let s as SeriesSelection): return s.instant().brief
        // Four significant digits are plenty to follow a canary; the store keeps the rest.
        case .number(let v, let unit) where unit.style == .plain && unit.dimension == .number && v != v.rounded():
            return String(format: "%.4g", v)
        case .number(let v, let unit) where unit.style == .percent && unit.dimension == .number:
            return String(format: "%.3g", v * 100) + "%"
        default: return literal
        }
    }
}
