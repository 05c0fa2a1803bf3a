/// Why a statistical test could not run.
public struct StatisticalTestError: Error, Equatable, CustomStringConvertible {
    /// What was wrong with the samples, in words fit for a user.
    public let message: String

    public var description: String { message }
}

/// The two-sided Mann-Whitney U test (Wilcoxon rank-sum), computed as
/// `scipy.stats.mannwhitneyu(x, y, alternative='two-sided')` does with its defaults.
///
/// - `u` is U₁, the statistic of the first sample: the rank sum of `x` (average ranks for
///   ties) minus n₁(n₁+1)/2, i.e. the number of pairs with x > y, ties counting ½.
/// - Method 'auto': the exact null distribution when either sample has at most 8 values
///   and no value occurs twice in the pooled data; otherwise the normal approximation with
///   the tie-corrected variance and a continuity correction of ½. One departure: when the
///   exact table would cost more than `MannWhitneyExactDistribution.workLimit` steps (say 8
///   values against many thousands) the normal approximation is used instead of stalling,
///   and `method` says so.
/// - p = 2 · P(U ≥ max(U₁, U₂)), clipped to 1.
public struct MannWhitneyTest: Equatable, Sendable {
    /// How the p-value was computed.
    public enum Method: String, Equatable, Sendable {
        /// From the exact distribution of U (small samples, no ties).
        case exact
        /// From the tie-corrected normal approximation with continuity correction.
        case asymptotic
    }

    /// U₁: the statistic of the first sample.
    public let u: Double
    /// The two-sided p-value.
    public let p: Double
    /// The method scipy's 'auto' picks for these samples.
    public let method: Method
    /// Number of values in the first sample.
    public let firstCount: Int
    /// Number of values in the second sample.
    public let secondCount: Int
    /// Σ(t³ − t) over groups of tied values in the pooled sample; 0 without ties.
    public let tieTerm: Double

    /// Runs the test; throws when a sample is empty or holds NaN or an infinity.
    public init(_ x: [Double], _ y: [Double]) throws {
        try MannWhitneyTest.validate(x, name: "first")
        try MannWhitneyTest.validate(y, name: "second")
        let ranking = PooledRanking(x, y)
        let n1 = Double(x.count)
        let n2 = Double(y.count)
        let u1 = ranking.rankSumOfFirst - n1 * (n1 + 1) / 2
        let u2 = n1 * n2 - u1
        let larger = max(u1, u2)
        u = u1
        firstCount = x.count
        secondCount = y.count
        tieTerm = ranking.tieTerm
        let lower = Int((n1 * n2 - larger).rounded())
        let exact = (x.count <= 8 || y.count <= 8) && !ranking.hasTies
            && MannWhitneyExactDistribution.isAffordable(m: x.count, n: y.count, limit: lower)
        method = exact ? .exact : .asymptotic
        var twoSided: Double
        if exact {
            // With no ties U is an integer and its distribution is symmetric, so
            // P(U ≥ larger) = P(U ≤ m·n − larger).
            let distribution = MannWhitneyExactDistribution(m: x.count, n: y.count, limit: lower)
            twoSided = 2 * distribution.cumulativeProbability(atMost: lower)
        } else {
            let z = MannWhitneyTest.standardized(larger, n1: n1, n2: n2, tieTerm: ranking.tieTerm)
            twoSided = 2 * NormalDistribution.survival(z)
        }
        p = min(max(twoSided, 0), 1)
    }

    /// (U − n₁n₂/2 − ½) / σ with σ² = n₁n₂/12 · ((n+1) − Σ(t³−t)/(n(n−1))).
    ///
    /// When every value is tied σ is 0 and z is −∞, giving p = 1: identical data is no
    /// evidence of a difference.
    static func standardized(_ u: Double, n1: Double, n2: Double, tieTerm: Double) -> Double {
        let n = n1 + n2
        let variance = n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        let numerator = u - n1 * n2 / 2 - 0.5
        let deviation = variance > 0 ? variance.squareRoot() : 0
        if deviation == 0 { return numerator < 0 ? -.infinity : (numerator > 0 ? .infinity : .nan) }
        return numerator / deviation
    }

    private static func validate(_ sample: [Double], name: String) throws {
        guard !sample.isEmpty else {
            throw StatisticalTestError(message: "the \(name) sample is empty; the Mann-Whitney test needs at least one value in each")
        }
        if let bad = sample.firstIndex(where: { !$0.isFinite }) {
            throw StatisticalTestError(message: "the \(name) sample holds \(sample[bad]) at position \(bad); only finite values can be ranked")
        }
    }

}

/// Average ranks of two samples pooled together, and their ties.
struct PooledRanking {
    /// Sum of the (1-based, tie-averaged) ranks of the first sample's values.
    let rankSumOfFirst: Double
    /// Σ(t³ − t) over groups of t equal values.
    let tieTerm: Double
    /// True when some value occurs more than once in the pooled data.
    let hasTies: Bool

    init(_ x: [Double], _ y: [Double]) {
        // (value, comes from x) sorted by value; a tie group shares the mean of its ranks.
        var pooled = x.map { ($0, true) } + y.map { ($0, false) }
        pooled.sort { $0.0 < $1.0 }
        var rankSum = 0.0
        var ties = 0.0
        var start = 0
        while start < pooled.count {
            var end = start + 1
            while end < pooled.count && pooled[end].0 == pooled[start].0 { end += 1 }
            let groupSize = Double(end - start)
            // Ranks start+1 … end average to (start + 1 + end) / 2.
            let averageRank = Double(start + 1 + end) / 2
            for index in start..<end where pooled[index].1 { rankSum += averageRank }
            ties += groupSize * groupSize * groupSize - groupSize
            start = end
        }
        rankSumOfFirst = rankSum
        tieTerm = ties
        hasTies = ties > 0
    }
}
