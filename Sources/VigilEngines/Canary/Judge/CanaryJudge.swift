/// The judge's verdict on one metric, in Kayenta's classes.
public enum JudgeClassification: String, Equatable, Sendable, CustomStringConvertible {
    /// No meaningful difference between candidate and baseline.
    case pass
    /// The candidate is significantly higher than the baseline.
    case high
    /// The candidate is significantly lower than the baseline.
    case low
    /// Too few samples to judge; never counts as a pass.
    case nodata
    /// The samples could not be judged (e.g. NaN or infinite values).
    case error

    public var description: String { rawValue }
}

/// Which differences the judge reports: Kayenta's metric direction.
public enum JudgeDirection: String, Equatable, Sendable {
    /// Only an increase fails (latency, error rate).
    case increase
    /// Only a decrease fails (throughput, success rate).
    case decrease
    /// Both fail.
    case either
}

/// Settings of the statistical judge.
///
/// How they map to Kayenta's Netflix judge:
/// - `confidence` is its `confLevel`: the level of the Mann-Whitney confidence interval
///   for the shift (Vigil's default 98%, as in the Netflix judge configuration).
/// - `tolerance` is the classifier's `fraction` (0.25): the interval must clear
///   ±tolerance × |Hodges-Lehmann estimate|, not just 0, so a tiny but very certain
///   shift still passes.
/// - `allowedIncrease` is Vigil's `allowed_increase`: a candidate may be higher than the
///   baseline by up to allowedIncrease × |baseline median| before it is High (0.1 = "10%
///   slower is acceptable"). The default 0 adds nothing to Kayenta's rule.
/// - `minimumSamples`: below this in either sample the verdict is Nodata (Kayenta only
///   requires one value; with fewer than 5 per side no 98% interval can exclude 0 at all).
public struct JudgeConfiguration: Equatable, Sendable {
    /// Confidence level in (0, 1); default 0.98.
    public var confidence: Double
    /// Kayenta's fraction of the shift estimate the interval must clear; default 0.25.
    public var tolerance: Double
    /// Accepted increase relative to the baseline median; default 0.
    public var allowedIncrease: Double
    /// Fewest values each sample needs; default 10.
    public var minimumSamples: Int
    /// Which direction of change fails; default `.either`.
    public var direction: JudgeDirection

    /// Creates a configuration; throws on values outside their ranges.
    public init(confidence: Double = 0.98, tolerance: Double = 0.25, allowedIncrease: Double = 0,
                minimumSamples: Int = 10, direction: JudgeDirection = .either) throws {
        guard confidence > 0 && confidence < 1 else {
            throw StatisticalTestError(message: "judge confidence must be strictly between 0% and 100%, got \(confidence * 100)%")
        }
        guard tolerance >= 0 && tolerance.isFinite else {
            throw StatisticalTestError(message: "judge tolerance must be a finite number ≥ 0, got \(tolerance)")
        }
        guard allowedIncrease >= 0 && allowedIncrease.isFinite else {
            throw StatisticalTestError(message: "allowed_increase must be a finite number ≥ 0, got \(allowedIncrease)")
        }
        guard minimumSamples >= 1 else {
            throw StatisticalTestError(message: "the judge needs a minimum of at least 1 sample, got \(minimumSamples)")
        }
        self.confidence = confidence
        self.tolerance = tolerance
        self.allowedIncrease = allowedIncrease
        self.minimumSamples = minimumSamples
        self.direction = direction
    }
}

/// The judge's full answer: the class, why, and the statistics behind it.
public struct JudgeResult: Equatable, Sendable {
    /// The verdict.
    public let classification: JudgeClassification
    /// A sentence explaining the verdict with its numbers.
    public let reason: String
    /// The Mann-Whitney test (candidate first), when it ran.
    public let test: MannWhitneyTest?
    /// The shift of candidate relative to baseline, when it was estimated.
    public let shift: ShiftEstimate?
    /// The largest increase the judge accepted (tolerance or allowed increase), when it
    /// compared the samples: the bound a High verdict's interval cleared.
    public var allowedShift: Double? = nil

    /// The numbers the verdict rests on, by name: the Mann-Whitney U and p, the
    /// Hodges-Lehmann shift with its interval, and the allowed shift — each when known.
    public var statistics: [String: Double] {
        var out: [String: Double] = [:]
        if let test {
            out["u"] = test.u
            out["p"] = test.p
        }
        if let shift {
            out["shift"] = shift.estimate
            out["shift_lower"] = shift.lower
            out["shift_upper"] = shift.upper
        }
        if let allowedShift { out["allowed_shift"] = allowedShift }
        return out
    }
}

/// Kayenta-style comparison of a candidate's samples against the baseline's.
public struct CanaryJudge: Sendable {
    /// The judge's settings.
    public let configuration: JudgeConfiguration

    /// Creates a judge.
    public init(configuration: JudgeConfiguration) {
        self.configuration = configuration
    }

    /// Classifies the candidate's samples against the baseline's.
    public func judge(candidate: [Double], baseline: [Double]) -> JudgeResult {
        let minimum = configuration.minimumSamples
        if candidate.count < minimum || baseline.count < minimum {
            return JudgeResult(
                classification: .nodata,
                reason: "candidate has \(candidate.count) samples and baseline \(baseline.count); the judge needs at least \(minimum) in each",
                test: nil, shift: nil)
        }
        if candidate.elementsEqual(baseline) {
            return JudgeResult(classification: .pass, reason: "candidate and baseline samples are identical", test: nil, shift: nil)
        }
        let test: MannWhitneyTest
        let shift: ShiftEstimate
        do {
            test = try MannWhitneyTest(candidate, baseline)
            shift = try ShiftEstimate(candidate, baseline, confidence: configuration.confidence)
        } catch {
            return JudgeResult(classification: .error, reason: "\(error)", test: nil, shift: nil)
        }
        let kayentaMargin = configuration.tolerance * abs(shift.estimate)
        let highMargin = max(kayentaMargin, configuration.allowedIncrease * abs(CanaryJudge.median(baseline)))
        let interval = "shift \(shift.estimate) with \(configuration.confidence * 100)% interval [\(shift.lower), \(shift.upper)], p = \(test.p)"
        let direction = configuration.direction
        if direction != .decrease && shift.lower > highMargin {
            return JudgeResult(classification: .high, reason: "candidate is higher than baseline: \(interval), above the allowed \(highMargin)",
                               test: test, shift: shift, allowedShift: highMargin)
        }
        if direction != .increase && shift.upper < -kayentaMargin {
            return JudgeResult(classification: .low, reason: "candidate is lower than baseline: \(interval), below the allowed -\(kayentaMargin)",
                               test: test, shift: shift, allowedShift: highMargin)
        }
        return JudgeResult(classification: .pass, reason: "no significant difference: \(interval)", test: test, shift: shift,
                           allowedShift: highMargin)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
