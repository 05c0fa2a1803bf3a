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

    /// Exact powers of ten as integers, for the long decimals' divisor.
    private static let integerPowersOfTen: [UInt64] = (0...19).map { exponent in
        var value: UInt64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// `[+-]digits[.digits]` with at most 19 significant digits, read as `Double(text)` reads
    /// it (correctly rounded). Up to 15 the digits form an exact integer below 2^53 and the
    /// scale an exact power of ten, so one division is correctly rounded (Clinger's fast
    /// path); 16 to 19 (what `Double.description` writes for most values) take
    /// `longDecimal`'s exact integer division.
    @inline(__always)
    static func plainDecimal(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        var i = 0
        var negative = false
        if count > 0 && (p[0] == 45 || p[0] == 43) { negative = p[0] == 45; i = 1 }
        var mantissa: UInt64 = 0
        // Significant digits: leading zeros add nothing to the mantissa.
        var digits = 0
        let integerStart = i
        while i < count, p[i] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
            if mantissa != 0 { digits += 1 }
            i += 1
        }
        guard i > integerStart else { return nil }
        var fraction = 0
        if i < count && p[i] == 46 {
            i += 1
            let fractionStart = i
            while i < count, p[i] &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
                if mantissa != 0 { digits += 1 }
                i += 1
            }
            fraction = i - fractionStart
            guard fraction > 0 else { return nil }
        }
        guard i == count else { return nil }
        let magnitude: Double
        if digits <= 15 && fraction <= 22 {
            magnitude = Double(mantissa) / powersOfTen[fraction]
        } else if digits <= 19 && fraction == 0 {
            // An integer below 10^19 < 2^64: the conversion rounds to nearest, ties to even.
            magnitude = Double(mantissa)
        } else if digits <= 19 && fraction <= 19 {
            magnitude = longDecimal(mantissa, scale: fraction)
        } else {
            return nil
        }
        return negative ? -magnitude : magnitude
    }

    /// `mantissa / 10^scale` correctly rounded (to nearest, ties to even), for a mantissa of
    /// 16 to 19 digits (at least 10^15) and a scale of at most 19. The mantissa, shifted to
    /// fill 128 bits, is divided by 10^scale (below 2^64) in two hardware divisions; the
    /// quotient has at least 64 bits, of which the top 53 are kept and the rest, with the
    /// remainder, decide the rounding. The result (at least 10^-4) is a normal double, so
    /// scaling by a power of two is exact.
    static func longDecimal(_ mantissa: UInt64, scale: Int) -> Double {
        let shift = mantissa.leadingZeroBitCount
        let high = mantissa << shift
        let divisor = integerPowersOfTen[scale]
        // (high · 2^64) / divisor = q1 · 2^64 + q0, remainder r.
        let (q1, r1) = high.quotientAndRemainder(dividingBy: divisor)
        let (q0, remainder) = divisor.dividingFullWidth((r1, 0))
        // The quotient is at least 2^127 / 2^64: its top 64 bits as `top`, scaled by 2^topScale.
        var top: UInt64, topScale: Int, lost: UInt64
        if q1 == 0 {
            top = q0; topScale = 0; lost = 0
        } else {
            let zeros = q1.leadingZeroBitCount
            top = zeros == 0 ? q1 : (q1 << zeros) | (q0 >> (64 - zeros))
            topScale = 64 - zeros
            lost = zeros == 0 ? q0 : q0 << zeros
        }
        var significand = top >> 11
        let rest = top & 0x7FF
        let inexactBelow = lost != 0 || remainder != 0
        if rest > 0x400 || (rest == 0x400 && (inexactBelow || significand & 1 == 1)) { significand += 1 }
        return Double(sign: .plus, exponent: 11 + topScale - 64 - shift, significand: Double(significand))
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
