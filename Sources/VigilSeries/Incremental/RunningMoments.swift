/// The mean and population standard deviation of a sliding window's values, kept as sums
/// that values enter and leave: what `zscore` needs without rescanning the window.
///
/// Sums of squares lose precision when the values sit far from zero relative to their
/// spread (E[x²] − E[x]² cancels). The sums are therefore of `x − anchor`, the anchor the
/// mean of the window's values, and the window re-anchors on its current values each time
/// as many values have entered as it holds, or sooner when its mean wanders several standard
/// deviations from the anchor — so a drifting or shifting series never strays far from it.
/// Public for the anomaly detectors' trailing windows (VigilEngines `AnomalyWindow`).
public struct RunningMoments: Sendable {
    @usableFromInline var anchor: Double?
    @usableFromInline var shifted = CompensatedSum()
    @usableFromInline var squares = CompensatedSum()
    @usableFromInline var enteredSinceAnchor = 0

    @inlinable public init() {}

    /// Adds a finite value (NaN and infinities are the caller's to count: they make the
    /// moments undefined while present).
    @inlinable @inline(__always) public mutating func add(_ value: Double) {
        let base = anchor ?? value
        anchor = base
        let d = value - base
        shifted.add(d)
        squares.add(d * d)
        enteredSinceAnchor += 1
    }

    /// Removes a finite value added earlier.
    @inlinable @inline(__always) public mutating func remove(_ value: Double) {
        guard let anchor else { return }
        let d = value - anchor
        shifted.remove(d)
        squares.remove(d * d)
    }

    /// Whether to re-anchor: the window has turned over since the anchor was set, or its
    /// mean has moved away from the anchor by more than a few standard deviations (a level
    /// shift), where the subtraction would start to cancel digits. Both are amortised O(1).
    @inlinable @inline(__always) public func needsAnchor(holding count: Int) -> Bool {
        if enteredSinceAnchor > max(count, 8) { return true }
        guard count > 0 else { return false }
        let n = Double(count), m = shifted.total / n
        return m * m > 16 * max(0, squares.total / n - m * m)
    }

    /// Starts over from the window's current finite values, anchored on their mean.
    mutating func reanchor<Values: Sequence<Double>>(on values: Values) {
        var sum = 0.0, n = 0.0
        for v in values { sum += v; n += 1 }
        self = RunningMoments()
        guard n > 0 else { return }
        anchor = sum / n
        for v in values { add(v) }
        enteredSinceAnchor = 0
    }

    /// `reanchor(on:)` over an array's values, for callers in other modules: compiled for
    /// the slice here, where a generic call from outside would iterate through witnesses.
    public mutating func reanchor(onWindow values: ArraySlice<Double>) { reanchor(on: values) }

    /// The mean and population standard deviation of `count` finite values.
    func meanAndStandardDeviation(count: Int) -> (mean: Double, standardDeviation: Double)? {
        meanAndVariance(count: count).map { ($0.mean, $0.variance.squareRoot()) }
    }

    /// The mean and population variance (never negative) of `count` finite values.
    @inlinable @inline(__always) public func meanAndVariance(count: Int) -> (mean: Double, variance: Double)? {
        guard let anchor, count > 0 else { return nil }
        let n = Double(count), m = shifted.total / n
        return (anchor + m, max(0, squares.total / n - m * m))
    }
}
