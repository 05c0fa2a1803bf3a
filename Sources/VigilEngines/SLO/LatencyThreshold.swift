/// A latency SLI over a Prometheus histogram, as Sloth, Pyrra and OpenSLO define it: the
/// good events are the requests in the bucket whose upper bound `le` is the threshold, the
/// total is the histogram's count. Only a bucket boundary can be a threshold: a request's
/// latency between two boundaries is unknown, so there is no honest interpolation.
public enum LatencyThreshold {
    /// The `le` label value, as written in the data, of the bucket whose bound equals
    /// `seconds` (`0.3`, `0.30` and `3e-1` are all 300ms); nil when no bucket has it.
    public static func bucket(_ seconds: Double, among bounds: [String]) -> String? {
        bounds.first { bound in
            guard let value = Double(bound) else { return false }
            return abs(value - seconds) <= 1e-9 * max(1, abs(seconds))
        }
    }

    /// The bounds that do exist, in increasing order, for an error naming them.
    public static func listed(_ bounds: [String]) -> String {
        let sorted = Set(bounds).sorted { (Double($0) ?? .infinity) < (Double($1) ?? .infinity) }
        return sorted.joined(separator: ", ")
    }
}
