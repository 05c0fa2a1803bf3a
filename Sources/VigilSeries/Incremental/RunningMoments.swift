/// The mean and population standard deviation of a sliding window's values, kept as sums
/// that values enter and leave: what `zscore` needs without rescanning the window.
///
/// Sums of squares lose precision when the values sit far from zero relative to their
/// spread (E[x²] − E[x]² cancels). The sums are therefore of `x − anchor`, the anchor the
/// mean of the window's values, and the window re-anchors on its current values each time
/// as many values have entered as it holds, or sooner when its mean wanders several standard
/// deviations from the anchor — so a drifting or shifting series never strays far from it.
/// Public for the anomaly detectors' trailing windows (VigilEngines `AnomalyWindow`).
///
/// Only finite values enter (callers count NaN and infinities themselves), so the two sums
/// are bare compensated sums (`CompensatedSum`'s Neumaier step without its non-finite
/// counts): a sample costs two compensated additions and nothing else. The one way such a
/// sum can leave the finite numbers — a square or a sum of squares beyond the largest double —
/// makes `needsAnchor` true, and the window is summed afresh until that value has left.
public struct RunningMoments: Sendable {
    @usableFromInline var anchor = 0.0
    @usableFromInline var anchored = false
    @usableFromInline var shifted = 0.0
    @usableFromInline var shiftedCompensation = 0.0
    @usableFromInline var squares = 0.0
    @usableFromInline var squaresCompensation = 0.0
    @usableFromInline var enteredSinceAnchor = 0

    @inlinable public init() {}

    /// Adds a finite value (NaN and infinities are the caller's to count: they make the
    /// moments undefined while present).
    @inlinable @inline(__always) public mutating func add(_ value: Double) {
        if !anchored {
            anchor = value
            anchored = true
        }
        let d = value - anchor
        CompensatedSum.accumulate(d, into: &shifted, compensation: &shiftedCompensation)
        CompensatedSum.accumulate(d * d, into: &squares, compensation: &squaresCompensation)
        enteredSinceAnchor += 1
    }

    /// Removes a finite value added earlier.
    @inlinable @inline(__always) public mutating func remove(_ value: Double) {
        guard anchored else { return }
        let d = value - anchor
        CompensatedSum.accumulate(-d, into: &shifted, compensation: &shiftedCompensation)
        CompensatedSum.accumulate(-(d * d), into: &squares, compensation: &squaresCompensation)
    }

    /// A compensated total; a sum that overflowed is ±∞ (its compensation then holds ∞ − ∞).
    @inlinable @inline(__always) static func total(_ sum: Double, _ compensation: Double) -> Double {
        sum.isFinite ? sum + compensation : sum
    }

    /// Whether to re-anchor: the window has turned over since the anchor was set, or its
    /// mean has moved away from the anchor by more than a few standard deviations (a level
    /// shift), where the subtraction would start to cancel digits, or a sum overflowed
    /// (removing values cannot bring it back). All but the last are amortised O(1).
    @inlinable @inline(__always) public func needsAnchor(holding count: Int) -> Bool {
        anchorCheck(holding: count).needsAnchor
    }

    /// `needsAnchor(holding:)` and, when it is false, `meanAndVariance(count:)` from one reading
    /// of the sums: a caller that checks the anchor before every judgement then reads the
    /// moments without totalling and dividing the sums a second time (the anomaly windows).
    /// The same comparisons on the same doubles as the two apart, so the same answers.
    @inlinable @inline(__always)
    public func anchorCheck(holding count: Int) -> (needsAnchor: Bool, moments: (mean: Double, variance: Double)?) {
        if enteredSinceAnchor > max(count, 8) { return (true, nil) }
        // Unanchored sums are 0 (no shift from the anchor): no re-anchoring, and no moments.
        guard anchored, count > 0 else { return (false, nil) }
        guard shifted.isFinite, squares.isFinite else { return (true, nil) }
        // Both sums finite: their totals are sum + compensation (`total`).
        let n = Double(count), m = (shifted + shiftedCompensation) / n
        let meanSquare = (squares + squaresCompensation) / n
        if m * m > 16 * max(0, meanSquare - m * m) { return (true, nil) }
        guard meanSquare.isFinite else { return (false, (anchor + m, .infinity)) }
        return (false, (anchor + m, max(0, meanSquare - m * m)))
    }

    /// Starts over from the window's current finite values, anchored on their mean.
    @inlinable mutating func reanchor<Values: Sequence<Double>>(on values: Values) {
        var sum = 0.0, n = 0.0
        for v in values { sum += v; n += 1 }
        self = RunningMoments()
        guard n > 0 else { return }
        // The same steps as `add`, on locals the loop keeps in registers.
        let anchor = sum / n
        var shifted = 0.0, shiftedCompensation = 0.0, squares = 0.0, squaresCompensation = 0.0
        for v in values {
            let d = v - anchor
            CompensatedSum.accumulate(d, into: &shifted, compensation: &shiftedCompensation)
            CompensatedSum.accumulate(d * d, into: &squares, compensation: &squaresCompensation)
        }
        self.anchor = anchor
        anchored = true
        self.shifted = shifted
        self.shiftedCompensation = shiftedCompensation
        self.squares = squares
        self.squaresCompensation = squaresCompensation
    }

    /// `reanchor(on:)` over an array's values, for callers in other modules: specialised for
    /// the slice's buffer, where a generic call from outside would iterate through witnesses.
    @inlinable public mutating func reanchor(onWindow values: ArraySlice<Double>) {
        values.withUnsafeBufferPointer { reanchor(on: $0) }
    }

    /// The mean and population standard deviation of `count` finite values.
    func meanAndStandardDeviation(count: Int) -> (mean: Double, standardDeviation: Double)? {
        meanAndVariance(count: count).map { ($0.mean, $0.variance.squareRoot()) }
    }

    /// The mean and population variance (never negative) of `count` finite values; infinite
    /// when the squares' sum overflowed, as a straightforward sum of squared deviations does
    /// (the mean's residue squared may overflow too, and ∞ − ∞ must not read as 0).
    @inlinable @inline(__always) public func meanAndVariance(count: Int) -> (mean: Double, variance: Double)? {
        guard anchored, count > 0 else { return nil }
        let n = Double(count), m = Self.total(shifted, shiftedCompensation) / n
        let meanSquare = Self.total(squares, squaresCompensation) / n
        guard meanSquare.isFinite else { return (anchor + m, .infinity) }
        return (anchor + m, max(0, meanSquare - m * m))
    }
}
