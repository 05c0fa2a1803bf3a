/// The Hodges-Lehmann estimate of the shift between two samples, with the distribution-free
/// confidence interval that inverts the Mann-Whitney test (Moses' method).
///
/// Both come from the sorted pairwise differences dᵢⱼ = xᵢ − yⱼ: the estimate is their
/// median and the interval runs from the (c+1)-th smallest to the (c+1)-th largest, where c
/// is the largest count with P(U ≤ c) ≤ α/2 under the null. Cost: m·n differences sorted,
/// O(mn log mn) time and 8·m·n bytes, fine for the few hundred values a canary window holds.
public struct ShiftEstimate: Equatable, Sendable {
    /// Median of the pairwise differences first − second (positive: the first is higher).
    public let estimate: Double
    /// Lower end of the confidence interval for the shift (−∞ when the samples are too
    /// small to exclude anything at this confidence).
    public let lower: Double
    /// Upper end of the confidence interval for the shift (+∞ likewise).
    public let upper: Double
    /// The confidence level of the interval, e.g. 0.98.
    public let confidence: Double

    /// Most pairwise differences the estimate will hold (32 MB of doubles).
    public static let pairLimit = 4_000_000

    /// Estimates the shift of `x` relative to `y`; throws on empty or non-finite samples
    /// or a confidence outside (0, 1).
    public init(_ x: [Double], _ y: [Double], confidence: Double) throws {
        guard confidence > 0 && confidence < 1 else {
            throw StatisticalTestError(message: "confidence must be strictly between 0% and 100%, got \(confidence * 100)%")
        }
        let test = try MannWhitneyTest(x, y)
        guard x.count * y.count <= ShiftEstimate.pairLimit else {
            throw StatisticalTestError(message: "\(x.count) × \(y.count) samples make too many pairs for the shift estimate (at most \(ShiftEstimate.pairLimit)); aggregate the samples first, e.g. one value per scrape")
        }
        var differences: [Double] = []
        differences.reserveCapacity(x.count * y.count)
        for a in x { for b in y { differences.append(a - b) } }
        differences.sort()
        let count = differences.count
        let middle = count / 2
        estimate = count % 2 == 1 ? differences[middle] : (differences[middle - 1] + differences[middle]) / 2
        self.confidence = confidence
        let c = ShiftEstimate.criticalCount(test: test, alpha: 1 - confidence)
        if c < 0 {
            lower = -.infinity
            upper = .infinity
        } else {
            lower = differences[c]
            upper = differences[count - 1 - c]
        }
    }

    /// The largest c with P(U ≤ c) ≤ α/2, from the same distribution the test used:
    /// exact for small samples without ties (when affordable), else the tie-corrected normal approximation
    /// (c = ⌊mn/2 − z₁₋α/₂·σ⌋, the usual large-sample rank). −1 when no c qualifies.
    static func criticalCount(test: MannWhitneyTest, alpha: Double) -> Int {
        let m = test.firstCount
        let n = test.secondCount
        let half = m * n / 2
        if test.method == .exact && MannWhitneyExactDistribution.isAffordable(m: m, n: n, limit: half) {
            let distribution = MannWhitneyExactDistribution(m: m, n: n, limit: half)
            var c = -1
            while c + 1 <= half && distribution.cumulativeProbability(atMost: c + 1) <= alpha / 2 { c += 1 }
            return c
        }
        let n1 = Double(m)
        let n2 = Double(n)
        let total = n1 + n2
        let variance = n1 * n2 / 12 * ((total + 1) - test.tieTerm / (total * (total - 1)))
        guard variance > 0 else { return -1 }
        let z = NormalDistribution.quantile(1 - alpha / 2)
        let c = (n1 * n2 / 2 - z * variance.squareRoot()).rounded(.down)
        // c is at most n1·n2/2; a NaN (from an alpha outside (0, 1)) means no interval, not a trap.
        guard c.isFinite else { return -1 }
        return c < 0 ? -1 : min(Int(c), half)
    }
}
