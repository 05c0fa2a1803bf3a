import Foundation

/// SplitMix64 (Steele, Lea and Flood): a tiny seeded generator whose whole state is one
/// UInt64, so a simulation is reproduced exactly from its seed on every platform.
///
/// The simulator never touches the system random source: the same seed must always give
/// the same series, in tests and in demos.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed; every seed, including 0, is fine.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal variate (Box-Muller; one of the pair is discarded to keep the
    /// state a single word).
    public mutating func nextGaussian() -> Double {
        // 1 − u is in (0, 1], so the logarithm is finite.
        let radius = (-2 * log(1 - nextUnit())).squareRoot()
        return radius * cos(2 * Double.pi * nextUnit())
    }

    /// A Poisson count with mean `mean`: Knuth's product method for small means, a rounded
    /// normal approximation (continuity-corrected, never negative) above 30 where the
    /// product method would need too many draws.
    public mutating func nextPoisson(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 {
            return max(0, Int((mean + mean.squareRoot() * nextGaussian() + 0.5).rounded(.down)))
        }
        let limit = exp(-mean)
        var count = 0
        var product = nextUnit()
        while product > limit {
            count += 1
            product *= nextUnit()
        }
        return count
    }

    /// A binomial count of successes in `trials` with probability `probability`: exact
    /// Bernoulli draws for up to 200 trials, the normal approximation beyond, where its
    /// error is far below the noise the simulator wants.
    public mutating func nextBinomial(trials: Int, probability: Double) -> Int {
        guard trials > 0, probability > 0 else { return 0 }
        if probability >= 1 { return trials }
        if trials <= 200 {
            var successes = 0
            for _ in 0..<trials where nextUnit() < probability { successes += 1 }
            return successes
        }
        let mean = Double(trials) * probability
        let deviation = (mean * (1 - probability)).squareRoot()
        let draw = (mean + deviation * nextGaussian() + 0.5).rounded(.down)
        // A probability outside [0, 1] makes the deviation NaN: no successes rather than a trap.
        guard draw.isFinite else { return draw == .infinity ? trials : 0 }
        return min(trials, max(0, Int(draw)))
    }
}
