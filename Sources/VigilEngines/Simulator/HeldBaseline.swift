/// Keeps the last baseline value seen, for the steps where the stable version serves nothing.
///
/// At a 100% step (or after a blue/green switch) the stable version gets no requests, so a
/// baseline read from it is nodata and every comparison against it would pause the rollout
/// at exactly the step that must bake. Comparing against the baseline as it was just before
/// the stable version was drained is the meaningful reference; this holds that value.
public struct HeldBaseline: Sendable {
    /// The most recent real baseline value, if any was seen.
    public private(set) var lastValue: Double?

    /// Creates an empty memory.
    public init() {}

    /// The current value when there is one (and remembers it), else the last one seen.
    public mutating func value(_ current: Double?) -> Double? {
        if let current { lastValue = current }
        return lastValue
    }
}
