import VigilSeries

/// The label fingerprint Alertmanager uses to deduplicate alerts.
///
/// It is Prometheus's `model.LabelSet.Fingerprint`: 64-bit FNV-1a over the labels sorted by
/// name, each name and value followed by the byte 0xFF, printed as 16 hex digits. Computing
/// the same number lets Vigil dedup a batch before sending and find its alert in
/// Alertmanager's answers.
public enum AlertFingerprint {
    private static let offsetBasis: UInt64 = 14_695_981_039_346_656_037
    private static let prime: UInt64 = 1_099_511_628_211
    private static let separator: UInt8 = 0xFF

    /// The fingerprint as a number.
    public static func value(of labels: Labels) -> UInt64 {
        var hash = offsetBasis
        // Labels keeps its pairs sorted by name, the order the fingerprint needs.
        for pair in labels.pairs {
            for byte in pair.name.utf8 { hash = (hash ^ UInt64(byte)) &* prime }
            hash = (hash ^ UInt64(separator)) &* prime
            for byte in pair.value.utf8 { hash = (hash ^ UInt64(byte)) &* prime }
            hash = (hash ^ UInt64(separator)) &* prime
        }
        return hash
    }

    /// The fingerprint as Alertmanager prints it: 16 lower-case hex digits.
    public static func of(_ labels: Labels) -> String {
        let digits = String(value(of: labels), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
