/// How one sample value is laid out in the `samples` table.
///
/// SQLite binds NaN as NULL and stores integral REALs as integers, so NaN payloads (the
/// Prometheus stale marker among them) and the sign of zero would not survive a plain REAL
/// column. Values that a REAL keeps exactly go to `value` alone; the rest also keep their
/// IEEE-754 bits in `exactBits`, which wins when reading back.
struct StoredSampleValue: Equatable {
    /// The value as SQLite can hold it; nil for NaN.
    let value: Double?
    /// The exact bits, present only for values a REAL column would alter.
    let exactBits: Int64?

    init(_ double: Double) {
        if double.isNaN {
            value = nil
            exactBits = Int64(bitPattern: double.bitPattern)
        } else if double == 0 && double.sign == .minus {
            value = double
            exactBits = Int64(bitPattern: double.bitPattern)
        } else {
            value = double
            exactBits = nil
        }
    }

    init(value: Double?, exactBits: Int64?) {
        self.value = value
        self.exactBits = exactBits
    }

    /// The original Double, bit for bit; nil when the row holds neither column.
    var double: Double? {
        if let exactBits { return Double(bitPattern: UInt64(bitPattern: exactBits)) }
        return value
    }
}
