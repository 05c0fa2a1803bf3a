/// Milliseconds since the Unix epoch, as Prometheus stores sample times.
public typealias Timestamp = Int64

/// A length of time in milliseconds.
public typealias Milliseconds = Int64

/// Common durations in milliseconds, so call sites read `5 * TimeUnit.minute`.
public enum TimeUnit {
    /// One second in milliseconds.
    public static let second: Milliseconds = 1_000
    /// One minute in milliseconds.
    public static let minute: Milliseconds = 60_000
    /// One hour in milliseconds.
    public static let hour: Milliseconds = 3_600_000
    /// One day in milliseconds.
    public static let day: Milliseconds = 86_400_000
}

/// Prometheus's stale marker: a NaN with a specific payload, distinct from an ordinary NaN.
///
/// Prometheus writes it when a target disappears; range functions skip it and an instant
/// lookup that lands on it finds nothing. The bit pattern is Prometheus's `value.StaleNaN`.
public enum StaleMarker {
    /// The exact bit pattern of the stale NaN.
    public static let bitPattern: UInt64 = 0x7ff0_0000_0000_0002
    /// The stale NaN as a Double.
    public static let value = Double(bitPattern: bitPattern)

    /// True only for the stale NaN, false for every other value including ordinary NaN.
    @inline(__always)
    public static func isStale(_ value: Double) -> Bool {
        value.bitPattern == bitPattern
    }
}

/// One timestamped value.
public struct Sample: Hashable, Sendable {
    /// When the value was observed.
    public let timestamp: Timestamp
    /// The observed value (possibly the stale marker).
    public let value: Double

    /// Creates a sample.
    public init(_ timestamp: Timestamp, _ value: Double) {
        self.timestamp = timestamp
        self.value = value
    }

    /// True when this sample is Prometheus's stale marker.
    public var isStale: Bool { StaleMarker.isStale(value) }

    public static func == (lhs: Sample, rhs: Sample) -> Bool {
        // Bitwise value comparison so NaN samples (and stale markers) compare equal to themselves.
        lhs.timestamp == rhs.timestamp && lhs.value.bitPattern == rhs.value.bitPattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(timestamp)
        hasher.combine(value.bitPattern)
    }
}

/// The span of time Vigil computes with: ±2^53 ms (about 285,000 years), where a Double
/// still holds every millisecond and a sum of two such times cannot overflow an Int64.
/// Converting a larger quantity (`1e300s`) to milliseconds would trap; callers refuse it
/// with a located error that quotes `TimeSpan.limitText`.
public enum TimeSpan {
    public static let maxMilliseconds: Int64 = 1 << 53
    /// How the limit reads in an error message.
    public static let limitText = "durations and times are limited to ±285,000 years"

    /// Whether a sample time read from data is one Vigil can compute with: an ingested
    /// Int64 edge (`9223372036854775807`) would overflow the first window placed after it.
    @inlinable public static func contains(_ ms: Timestamp) -> Bool { ms >= -maxMilliseconds && ms <= maxMilliseconds }

    /// `seconds` as whole milliseconds, nil when not finite or beyond the span.
    @inlinable public static func milliseconds(_ seconds: Double) -> Milliseconds? {
        let ms = (seconds * 1000).rounded()
        guard ms.isFinite, abs(ms) <= Double(maxMilliseconds) else { return nil }
        return Milliseconds(ms)
    }
}
