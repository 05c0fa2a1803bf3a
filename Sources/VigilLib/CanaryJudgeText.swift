import Foundation
import VigilEngines
import VigilRuntime

/// How the judge's verdicts read in a canary's timeline and rollback events, in the judged
/// signal's unit: `judge pass (U = 48, p = 0.82, shift +1.2ms)` on a tick line, and
/// `latency_p95 is higher on the candidate: U = 100, p = 0.00018, shift +43.3ms (98%
/// interval +33.4ms to +56.6ms), above the allowed +14.9ms` as a rollback's reason.
enum CanaryJudgeText {
    /// The tick line's part: the class and the statistics behind it.
    static func summary(_ result: JudgeResult, candidateCount: Int, stableCount: Int, needed: Int, unit: VigilRuntime.Unit) -> String {
        switch result.classification {
        case .nodata:
            return "judge nodata (samples: candidate \(candidateCount), stable \(stableCount), needs \(needed) each)"
        case .error:
            return "judge error"
        case .pass, .high, .low:
            guard let test = result.test, let shift = result.shift else { return "judge \(result.classification) (identical samples)" }
            return "judge \(result.classification) (U = \(number(test.u)), p = \(probability(test.p)), shift \(signed(shift.estimate, unit)))"
        }
    }

    /// The verdict's reason, which a rollback event and the deployment store keep.
    static func reason(_ result: JudgeResult, subject: String, unit: VigilRuntime.Unit) -> String {
        guard let test = result.test, let shift = result.shift else { return result.reason }
        let statistics = "U = \(number(test.u)), p = \(probability(test.p)), shift \(signed(shift.estimate, unit)) "
            + "(\(percent(shift.confidence)) interval \(signed(shift.lower, unit)) to \(signed(shift.upper, unit)))"
        let allowed = result.allowedShift.map { signed($0, unit) } ?? "+0"
        switch result.classification {
        case .high: return "\(subject) is higher on the candidate: \(statistics), above the allowed \(allowed)"
        case .low: return "\(subject) is lower on the candidate: \(statistics)"
        default: return "\(subject) does not differ beyond the allowed \(allowed): \(statistics)"
        }
    }

    /// The unit a judged value carries (a number, or a one-element vector of one).
    static func unit(of value: Value) -> VigilRuntime.Unit? {
        switch value {
        case .number(_, let unit): return unit
        case .object(let v as VectorValue) where v.entries.count == 1: return unit(of: v.entries[0].value)
        case .object(let s as SeriesSelection): return unit(of: s.instant())
        default: return nil
        }
    }

    private static func signed(_ value: Double, _ unit: VigilRuntime.Unit) -> String {
        (value >= 0 ? "+" : "") + Value.number(value, unit).brief
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(format: "%.1f", value)
    }

    /// Two significant digits: enough to compare with a confidence level.
    private static func probability(_ p: Double) -> String { String(format: "%.2g", p) }

    private static func percent(_ fraction: Double) -> String { CanaryTimelineText.percent(fraction) }
}
