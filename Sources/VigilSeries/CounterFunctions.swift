/// `rate`, `increase` and `delta`, computed exactly as Prometheus 2.x's `extrapolatedRate`.
///
/// The facts this follows (Prometheus 2.42, the version Debian ships):
/// - fewer than two samples in the window gives no result;
/// - for counters, every drop between neighbouring samples is a reset, and the value
///   before the drop is added back;
/// - the result is extrapolated towards each window edge: all the way when the gap to
///   the edge is under 1.1 × the average sample spacing, else by half a spacing;
/// - for counters, the start is never extrapolated past the point where the counter
///   would have been zero (that check runs before the 1.1× threshold test in 2.x).
extension Series {
    /// Per-second average increase of a counter over `[time - window, time]`; nil with < 2 samples.
    public func rate(at time: Timestamp, window: Milliseconds) -> Double? {
        extrapolatedDelta(at: time, window: window, isCounter: true, isRate: true)
    }

    /// Increase of a counter over `[time - window, time]`, extrapolated; nil with < 2 samples.
    public func increase(at time: Timestamp, window: Milliseconds) -> Double? {
        extrapolatedDelta(at: time, window: window, isCounter: true, isRate: false)
    }

    /// Change of a gauge over `[time - window, time]`, extrapolated; nil with < 2 samples.
    public func delta(at time: Timestamp, window: Milliseconds) -> Double? {
        extrapolatedDelta(at: time, window: window, isCounter: false, isRate: false)
    }

    private func extrapolatedDelta(at time: Timestamp, window: Milliseconds, isCounter: Bool, isRate: Bool) -> Double? {
        let range = RangeWindow(self, at: time, width: window)
        var count = 0
        var firstTime: Timestamp = 0
        var firstValue = 0.0
        var lastTime: Timestamp = 0
        var previous = 0.0
        var resetCorrection = 0.0
        range.forEach { sampleTime, value in
            if count == 0 {
                firstTime = sampleTime
                firstValue = value
            } else if isCounter && value < previous {
                resetCorrection += previous
            }
            previous = value
            lastTime = sampleTime
            count += 1
        }
        guard count >= 2 else { return nil }
        return CounterMath.extrapolate(
            difference: previous - firstValue + resetCorrection,
            firstValue: firstValue, firstTime: firstTime, lastTime: lastTime, count: count,
            windowStart: time - window, windowEnd: time, isCounter: isCounter, isRate: isRate)
    }
}

/// The extrapolation step shared by the direct and the incremental counter functions.
enum CounterMath {
    /// Scales a raw difference over the sampled interval to the whole window, as Prometheus 2.x does.
    static func extrapolate(
        difference: Double, firstValue: Double, firstTime: Timestamp, lastTime: Timestamp, count: Int,
        windowStart: Timestamp, windowEnd: Timestamp, isCounter: Bool, isRate: Bool
    ) -> Double {
        var result = difference
        var durationToStart = Double(firstTime - windowStart) / 1000
        let durationToEnd = Double(windowEnd - lastTime) / 1000
        let sampledInterval = Double(lastTime - firstTime) / 1000
        let averageSpacing = sampledInterval / Double(count - 1)

        if isCounter && result > 0 && firstValue >= 0 {
            // A counter cannot go below zero: do not extrapolate further back than where
            // the line through the samples reaches zero.
            let durationToZero = sampledInterval * (firstValue / result)
            if durationToZero < durationToStart { durationToStart = durationToZero }
        }

        let threshold = averageSpacing * 1.1
        var extrapolatedInterval = sampledInterval
        extrapolatedInterval += durationToStart < threshold ? durationToStart : averageSpacing / 2
        extrapolatedInterval += durationToEnd < threshold ? durationToEnd : averageSpacing / 2
        result *= extrapolatedInterval / sampledInterval
        if isRate {
            result /= Double(windowEnd - windowStart) / 1000
        }
        return result
    }
}
