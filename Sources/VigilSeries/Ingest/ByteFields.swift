/// Sample values and timestamps read straight from UTF-8 bytes, for the fast ingest path.
///
/// Each function answers only the common plain forms and returns nil for anything else;
/// the caller then asks `IngestFields` with a `String`, so the two can never disagree.
enum ByteFields {
    /// Exact powers of ten as doubles: every one up to 10^22 is representable.
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// `[+-]digits[.digits]` with at most 15 significant digits: the digits form an exact
    /// integer below 2^53 and the scale an exact power of ten, so one division is correctly
    /// rounded and equals `Double(text)` (Clinger's fast path).
    @inline(__always)
    static func plainDecimal(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        var i = 0
        var negative = false
        if count > 0 && (p[0] == 45 || p[0] == 43) { negative = p[0] == 45; i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        let integerStart = i
        while i < count, p[i] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
            digits += 1
            i += 1
        }
        guard i > integerStart else { return nil }
        var fraction = 0
        if i < count && p[i] == 46 {
            i += 1
            let fractionStart = i
            while i < count, p[i] &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
                digits += 1
                i += 1
            }
            fraction = i - fractionStart
            guard fraction > 0 else { return nil }
        }
        guard i == count, digits <= 15, fraction <= 22 else { return nil }
        let magnitude = Double(mantissa) / powersOfTen[fraction]
        return negative ? -magnitude : magnitude
    }

    /// `[-]digits`, at most 18 of them: an Int64 that `Timestamp(text)` would also read.
    @inline(__always)
    static func plainInteger(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int64? {
        var i = 0
        let negative = count > 0 && p[0] == 45
        if negative { i = 1 }
        guard count > i, count - i <= 18 else { return nil }
        var result: Int64 = 0
        while i < count {
            let digit = p[i] &- 48
            guard digit < 10 else { return nil }
            result = result &* 10 &+ Int64(digit)
            i += 1
        }
        return negative ? -result : result
    }

    /// A sample value: the fast forms here, anything else through `IngestFields.value`.
    @inline(__always)
    static func value(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        if let fast = plainDecimal(p, count) { return fast }
        return IngestFields.value(string(p, count))
    }

    static func string(_ p: UnsafePointer<UInt8>, _ count: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
    }
}
