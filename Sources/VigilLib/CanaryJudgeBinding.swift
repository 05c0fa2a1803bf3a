import VigilEngines
import VigilRuntime
import VigilSyntax

/// `judge mann_whitney(latency_p95, confidence: 98%, allowed_increase: 10%)`: at every
/// analysis tick the signal is read on both versions; the samples of the current step go to
/// the Mann-Whitney judge (Kayenta's classes). While the stable version serves nothing
/// (100%) its samples from the step before are kept, as the baseline holds its last value.
final class CanaryJudgeBinding {
    let subjectText: String
    let subject: CompiledExpression
    let judge: CanaryJudge
    private(set) var candidateSamples: [Double] = []
    private(set) var stableSamples: [Double] = []

    static let parameters = ["confidence", "allowed_increase", "tolerance"]
    /// Below five values a side no 98% interval can exclude a zero shift.
    static let fewestSamples = 5

    init(_ e: Expr, plan: CanaryPlan, compile: (Expr) throws -> CompiledExpression, constant: (Expr) throws -> Value) throws {
        func fail(_ message: String, hint: String? = nil, _ range: SourceRange) -> RuntimeError {
            RuntimeError(message, hint: hint, file: plan.file, range: range)
        }
        guard case .call(let callee, let args) = e.kind, case .name("mann_whitney") = callee.kind,
              let first = args.first, first.label == nil else {
            throw fail("`judge` takes mann_whitney(signal, confidence: 98%, allowed_increase: 10%)", e.range)
        }
        var confidence = 0.98, tolerance = 0.25, allowed = 0.0
        for arg in args.dropFirst() {
            guard let label = arg.label, Self.parameters.contains(label) else {
                throw fail("mann_whitney takes `confidence:`, `allowed_increase:` and `tolerance:` after the signal", arg.value.range)
            }
            guard case .number(let v, _) = try constant(arg.value) else { throw fail("`\(label):` needs a percent such as 98%", arg.value.range) }
            switch label {
            case "confidence": confidence = v
            case "tolerance": tolerance = v
            default: allowed = v
            }
        }
        subjectText = plan.file.slice(first.value.range)
        subject = try compile(first.value)
        // Each step's samples are its ticks: bake / every of them. Ten per side as Kayenta
        // wants when the bake allows, else all of them.
        // Whole milliseconds divided, and `CanaryConfiguration` refuses an interval of 0: cannot trap.
        let perStep = Int(plan.configuration.bake / plan.configuration.analysisInterval)
        // Fewer would pause every step for want of samples: a plan mistake, said up front.
        if perStep < Self.fewestSamples {
            let bake = Value.number(Double(plan.configuration.bake) / 1000, .duration).literal
            let every = Value.number(Double(plan.configuration.analysisInterval) / 1000, .duration).literal
            throw fail("the judge needs \(Self.fewestSamples) samples per step, but `bake \(bake)` with `every \(every)` gives \(perStep)",
                       hint: "lengthen `bake` or shorten `every`", e.range)
        }
        do {
            judge = CanaryJudge(configuration: try JudgeConfiguration(
                confidence: confidence, tolerance: tolerance, allowedIncrease: allowed,
                minimumSamples: min(10, perStep), direction: .increase))
        } catch let error as StatisticalTestError {
            throw fail(error.message, e.range)
        }
    }

    /// A new step: the candidate starts over; the stable samples too unless it is drained.
    func stepStarted(stableDrained: Bool) {
        candidateSamples = []
        if !stableDrained { stableSamples = [] }
    }

    /// The latest verdict for the timeline's tick line, e.g. `judge pass (U = 48, p = 0.82, shift +1.2ms)`.
    private(set) var summary: String?
    /// The judged signal's unit, learnt from its first value with one.
    private var unit = VigilRuntime.Unit.plain

    /// Adds this tick's values (nodata adds nothing) and judges the step so far.
    func verdict(candidate: Value, stable: Value) -> JudgeVerdict {
        if let c = candidate.scalar { candidateSamples.append(c) }
        if let s = stable.scalar { stableSamples.append(s) }
        if let known = CanaryJudgeText.unit(of: candidate) ?? CanaryJudgeText.unit(of: stable) { unit = known }
        let result = judge.judge(candidate: candidateSamples, baseline: stableSamples)
        summary = CanaryJudgeText.summary(result, candidateCount: candidateSamples.count, stableCount: stableSamples.count,
                                          needed: judge.configuration.minimumSamples, unit: unit)
        return JudgeVerdict(result.classification, reason: CanaryJudgeText.reason(result, subject: subjectText, unit: unit),
                            observed: result.statistics)
    }
}
