/// The mean the way Prometheus's `avg_over_time` and `avg` keep it: a running mean, each
/// value entering as `x/n − mean/n` (compensated), so it stays finite where a sum of the
/// values would overflow to ±Inf (two samples of 9.99e307 average to 9.99e307, not Inf).
/// A sum divided by the count is exact more often, so the callers take this path only
/// when that sum overflows; the direct and the incremental windows then agree because
/// both compute it here over the same values in the same order.
public enum RunningMean {
    public static func of<S: Sequence>(_ values: S) -> Double where S.Element == Double {
        var mean = 0.0, count = 0.0, compensation = 0.0
        for value in values {
            count += 1
            // An infinite mean stays as it is unless a NaN or an infinity of the other sign
            // arrives: `Inf/n − Inf/n` would turn it into NaN.
            if mean.isInfinite, value.isInfinite ? (mean > 0) == (value > 0) : !value.isNaN { continue }
            let increment = value / count - mean / count
            let next = mean + increment
            if abs(mean) >= abs(increment) {
                compensation += (mean - next) + increment
            } else {
                compensation += (increment - next) + mean
            }
            mean = next
        }
        return mean.isInfinite ? mean : mean + compensation
    }
}
