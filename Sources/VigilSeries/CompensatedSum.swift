/// A floating-point sum that carries its rounding error (Neumaier's variant of Kahan summation).
///
/// Sliding windows add and later subtract the same values; without compensation the
/// running total drifts away from a fresh sum. Non-finite inputs are counted apart so that
/// removing an infinity or a NaN restores the finite total instead of poisoning it forever.
///
/// Inlinable (with `RunningMoments`, which runs the same steps on bare sums) so the anomaly
/// detectors' windows in VigilEngines add and remove without a call per value.
@usableFromInline
struct CompensatedSum: Sendable {
    @usableFromInline var sum = 0.0
    @usableFromInline var compensation = 0.0
    @usableFromInline var nanCount = 0
    @usableFromInline var positiveInfinityCount = 0
    @usableFromInline var negativeInfinityCount = 0

    @inlinable init() {}

    /// Adds a value.
    @inlinable @inline(__always)
    mutating func add(_ value: Double) {
        guard value.isFinite else { return countNonFinite(value, by: 1) }
        accumulate(value)
    }

    /// Removes a value that was added earlier.
    @inlinable @inline(__always)
    mutating func remove(_ value: Double) {
        guard value.isFinite else { return countNonFinite(value, by: -1) }
        accumulate(-value)
    }

    /// The current total, following IEEE rules for the non-finite values present. A sum of
    /// finite values that overflowed is ±Inf, as Prometheus's `sum_over_time` gives: its
    /// compensation then holds Inf − Inf, which must not turn the total into NaN.
    @inlinable @inline(__always) var total: Double {
        if nanCount > 0 || (positiveInfinityCount > 0 && negativeInfinityCount > 0) { return .nan }
        if positiveInfinityCount > 0 { return .infinity }
        if negativeInfinityCount > 0 { return -.infinity }
        return overflowed ? sum : sum + compensation
    }

    /// Whether finite values summed beyond the largest double. Removing values cannot bring
    /// such a total back, so a sliding window sums its values again (and a mean is kept
    /// as a running mean instead).
    @inlinable var overflowed: Bool { !sum.isFinite }

    @inlinable @inline(__always)
    mutating func accumulate(_ value: Double) { Self.accumulate(value, into: &sum, compensation: &compensation) }

    /// One step of Neumaier's summation on a bare sum and its compensation, for sums that
    /// only ever see finite values and so need none of the counts above (`RunningMoments`).
    /// The rounding error of `sum + value` is found by Knuth's TwoSum, which needs no
    /// comparison of magnitudes: the error is exactly representable, so it is the same double
    /// Neumaier's two branches compute, without a branch the processor cannot predict (a
    /// window's sum of deviations keeps crossing the size of the next deviation).
    @inlinable @inline(__always)
    static func accumulate(_ value: Double, into sum: inout Double, compensation: inout Double) {
        let next = sum + value
        let valuePart = next - sum
        compensation += (sum - (next - valuePart)) + (value - valuePart)
        sum = next
    }

    @usableFromInline
    mutating func countNonFinite(_ value: Double, by step: Int) {
        if value.isNaN {
            nanCount += step
        } else if value > 0 {
            positiveInfinityCount += step
        } else {
            negativeInfinityCount += step
        }
    }
}
