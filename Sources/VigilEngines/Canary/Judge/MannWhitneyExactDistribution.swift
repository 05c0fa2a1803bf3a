/// The exact null distribution of the Mann-Whitney U statistic for samples without ties.
///
/// Probabilities come from the recursion on the last (largest) observation:
/// P(U = u; m, n) = m/(m+n) · P(U = u − n; m − 1, n) + n/(m+n) · P(U = u; m, n − 1),
/// where m counts the sample whose values are added to U. Every term is a non-negative
/// probability, so nothing cancels and no count overflows, unlike the counting form whose
/// totals exceed UInt64 near C(1008, 8). The table is cut at the largest u asked for, which
/// by symmetry never exceeds m·n/2.
struct MannWhitneyExactDistribution {
    /// Most table updates (small × large × (limit + 1)) an exact p-value may cost: about
    /// 8 values against 1,500 at the centre of the distribution.
    static let workLimit = 50_000_000

    /// True when building the table for these sizes and limit stays within `workLimit`.
    static func isAffordable(m: Int, n: Int, limit: Int) -> Bool {
        let (work, overflow) = m.multipliedReportingOverflow(by: n)
        guard !overflow else { return false }
        let (total, overflowAgain) = work.multipliedReportingOverflow(by: limit + 1)
        return !overflowAgain && total <= workLimit
    }

    /// P(U ≤ k) for k in 0...limit.
    private let cumulative: [Double]

    /// Builds the lower tail up to `limit` for sample sizes `m` and `n`.
    init(m: Int, n: Int, limit: Int) {
        let small = min(m, n)
        let large = max(m, n)
        // U and m·n − U have the same distribution and swapping the samples maps one to the
        // other, so the recursion can run over the smaller sample size.
        let width = limit + 1
        // A flat (small + 1) × width table: row i holds P(U = u; i, j) for the current j.
        // Row i at j needs row i at j − 1 (not yet overwritten) and row i − 1 at j (already
        // updated, rows go up), so one table updated in place suffices.
        var table = [Double](repeating: 0, count: (small + 1) * width)
        // With j = 0 there is nothing to beat: U = 0 for every i.
        for i in 0...small { table[i * width] = 1 }
        for j in stride(from: 1, through: large, by: 1) {
            for i in 1...small {
                let total = Double(i + j)
                let lastIsFromSample = Double(i) / total
                let lastIsFromOther = Double(j) / total
                let row = i * width
                let rowBelow = (i - 1) * width
                for u in stride(from: width - 1, through: 0, by: -1) {
                    var probability = lastIsFromOther * table[row + u]
                    if u >= j { probability += lastIsFromSample * table[rowBelow + u - j] }
                    table[row + u] = probability
                }
            }
        }
        var running = 0.0
        cumulative = (0..<width).map { u in
            running += table[small * width + u]
            return running
        }
    }

    /// P(U ≤ k); k must lie within the limit the table was built for.
    func cumulativeProbability(atMost k: Int) -> Double {
        k < 0 ? 0 : cumulative[k]
    }
}
