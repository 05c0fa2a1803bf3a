/// Why a routing question could not be answered.
public struct TrafficBucketingError: Error, Equatable, CustomStringConvertible {
    /// What was wrong with the input, in words fit for a user.
    public let message: String

    public var description: String { message }
}

/// Sticky assignment of request keys (user ids, sessions) to the candidate or the stable version.
///
/// A key's bucket depends only on the canary's name and the key, never on the weight, and
/// the candidate takes the lowest buckets. Raising the weight therefore only adds buckets:
/// a user inside the candidate at 10% is still inside at 50% (Unleash-style stickiness).
public enum TrafficBucketing {
    /// Number of buckets; a weight has a resolution of 0.01 percentage points.
    public static let bucketCount: UInt32 = 10_000

    /// The bucket in 0..<10000 of `key` for the canary named `canary`: MurmurHash3 x86 32-bit
    /// (seed 0) of the UTF-8 bytes of `"<canary>:<key>"`, modulo 10000.
    ///
    /// The canary name is part of the hash so that two canaries running at once split
    /// users independently instead of always sending the same users to every candidate.
    public static func bucket(canary: String, key: String) -> Int {
        bucket(key: key, salt: canary)
    }

    /// The bucket of `key` salted with `salt` (hashing `"<salt>:<key>"`), or of the key alone
    /// without one: `bucket(key, salt: …)` outside a canary.
    public static func bucket(key: String, salt: String?) -> Int {
        Int(MurmurHash3.x86_32(salt.map { $0 + ":" + key } ?? key) % bucketCount)
    }

    /// True when `key` is routed to the candidate at `weight` (a fraction in 0...1):
    /// exactly when its bucket is below `weight × 10000`.
    public static func routesToCandidate(canary: String, key: String, weight: Double) throws -> Bool {
        guard weight.isFinite, (0...1).contains(weight) else {
            throw TrafficBucketingError(message: "traffic weight must be between 0% and 100%, got \(weight * 100)%")
        }
        return Double(bucket(canary: canary, key: key)) < weight * Double(bucketCount)
    }
}
