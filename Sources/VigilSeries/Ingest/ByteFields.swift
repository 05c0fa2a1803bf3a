/// Sample values and timestamps read straight from UTF-8 bytes, for the fast ingest path.
///
/// Each function answers only the common plain forms and returns nil for anything else;
/// the caller then asks `IngestFields` with a `String`, so the two can never disagree.
enum ByteFields {
    // The tables are literals, not computed: the compiler lays a literal array out in the
    // binary, so reading one costs no lazy-initialisation check (computed ones paid a
    // `swift_once` on every value).

    /// Exact powers of ten as doubles: every one up to 10^22 is representable.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// 5^s for s in 0...19 (all below 2^45): 10^s = 5^s · 2^s, and the 2^s is exponent only.
    private static let powersOfFive: [UInt64] = [
        1, 5, 25, 125, 625,
        3125, 15625, 78125, 390625, 1953125,
        9765625, 48828125, 244140625, 1220703125, 6103515625,
        30517578125, 152587890625, 762939453125, 3814697265625, 19073486328125,
    ]

    /// floor(2^(64 + t) / 5^s) for s in 1...19, where 2^t is the largest power of two not
    /// above 5^s: each between 2^63 and 2^64, a reciprocal of 5^s scaled to 64 bits
    /// (index 0 unused).
    private static let reciprocalsOfFive: [UInt64] = [
        0,
        0xCCCC_CCCC_CCCC_CCCC, 0xA3D7_0A3D_70A3_D70A, 0x8312_6E97_8D4F_DF3B,
        0xD1B7_1758_E219_652B, 0xA7C5_AC47_1B47_8423, 0x8637_BD05_AF6C_69B5,
        0xD6BF_94D5_E57A_42BC, 0xABCC_7711_8461_CEFC, 0x8970_5F41_36B4_A597,
        0xDBE6_FECE_BDED_D5BE, 0xAFEB_FF0B_CB24_AAFE, 0x8CBC_CC09_6F50_88CB,
        0xE12E_1342_4BB4_0E13, 0xB424_DC35_095C_D80F, 0x901D_7CF7_3AB0_ACD9,
        0xE695_94BE_C44D_E15B, 0xB877_AA32_36A4_B449, 0x9392_EE8E_921D_5D07,
        0xEC1E_4A7D_B695_61A5,
    ]

    /// `[+-]digits[.digits]` with at most 19 significant digits, read as `Double(text)` reads
    /// it (correctly rounded). Up to 15 the digits form an exact integer below 2^53 and the
    /// scale an exact power of ten, so one division is correctly rounded (Clinger's fast
    /// path); 16 to 19 (what `Double.description` writes for most values) take
    /// `longDecimal`'s exact integer arithmetic.
    @inline(__always)
    static func plainDecimal(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        guard let prefix = decimalPrefix(p, count), prefix.end == count else { return nil }
        return prefix.value
    }

    /// `plainDecimal` of the number at the start of `p[0..<count]`, and where it ends (the
    /// first byte that is neither a digit nor its decimal point): a caller whose field ends
    /// there reads the field without scanning it twice.
    @inline(__always)
    static func decimalPrefix(_ p: UnsafePointer<UInt8>, _ count: Int) -> (value: Double, end: Int)? {
        var i = 0
        var negative = false
        if count > 0 && (p[0] == 45 || p[0] == 43) { negative = p[0] == 45; i = 1 }
        var mantissa: UInt64 = 0
        // Significant digits: leading zeros add nothing to the mantissa.
        var digits = 0
        let integerStart = i
        readDigits(p, count, &i, &mantissa, &digits)
        guard i > integerStart else { return nil }
        var fraction = 0
        if i < count && p[i] == 46 {
            i += 1
            let fractionStart = i
            readDigits(p, count, &i, &mantissa, &digits)
            fraction = i - fractionStart
            guard fraction > 0 else { return nil }
        }
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
        return (negative ? -magnitude : magnitude, i)
    }

    /// Appends the run of digits at `p[i...]` to `mantissa` (wrapping: past 19 significant
    /// digits the caller gives up) and counts the significant ones, eight at a time while
    /// eight bytes in a row are digits (one 64-bit load, checked and converted together).
    @inline(__always)
    private static func readDigits(_ p: UnsafePointer<UInt8>, _ count: Int, _ i: inout Int,
                                   _ mantissa: inout UInt64, _ digits: inout Int) {
        let raw = UnsafeRawPointer(p)
        while i + 8 <= count {
            // Little-endian: the first digit is the lowest byte.
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            // Every byte within 0x30...0x39: its high nibble is 3, also after adding 6.
            let highNibbles = (word & 0xF0F0_F0F0_F0F0_F0F0) | (((word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4)
            guard highNibbles == 0x3333_3333_3333_3333 else { break }
            var value = word &- 0x3030_3030_3030_3030
            // Zero digits before the first significant one, when none was read yet.
            let leadingZeros = value == 0 ? 8 : value.trailingZeroBitCount / 8
            // Pairs, then fours, then all eight digits as one number (below 10^8).
            value = value &* 10 &+ (value >> 8)
            value = ((value & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064
                     &+ ((value >> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001) >> 32
            if mantissa != 0 { digits += 8 } else { digits += 8 - leadingZeros }
            mantissa = mantissa &* 100_000_000 &+ (value & 0xFFFF_FFFF)
            i += 8
        }
        while i < count, p[i] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
            if mantissa != 0 { digits += 1 }
            i += 1
        }
    }

    /// `mantissa / 10^scale` correctly rounded (to nearest, ties to even), for a mantissa of
    /// 16 to 19 digits (at least 10^15) and a scale of 1 to 19, without dividing: 10^scale is
    /// 5^scale · 2^scale, and with the mantissa shifted to fill 64 bits (n) and 2^t the largest
    /// power of two not above 5^scale, q = floor(n · 2^t / 5^scale) lies in [2^62, 2^64).
    /// n times the scaled reciprocal gives q or q − 1 (the reciprocal is short of
    /// 2^(64+t) / 5^scale by less than one, and n < 2^64); the exact remainder, below
    /// 2 · 5^scale < 2^46, is computed in 64 bits and settles which. q's top 53 bits are the
    /// significand; the bits below and the remainder decide the rounding. The result (at least
    /// 10^-4) is a normal double, so scaling by a power of two is exact.
    static func longDecimal(_ mantissa: UInt64, scale: Int) -> Double {
        let shift = mantissa.leadingZeroBitCount
        let n = mantissa << shift
        let divisor = powersOfFive[scale]
        let t = 63 - divisor.leadingZeroBitCount
        var quotient = n.multipliedFullWidth(by: reciprocalsOfFive[scale]).high
        // n · 2^t − quotient · 5^scale, exact in 64 bits because it is below 2^46.
        var remainder = (n << t) &- quotient &* divisor
        if remainder >= divisor {
            quotient += 1
            remainder -= divisor
        }
        let drop = 11 - quotient.leadingZeroBitCount
        var significand = quotient >> drop
        let rest = quotient & ((1 << drop) - 1), half: UInt64 = 1 << (drop - 1)
        var exponent = drop - shift - scale - t
        if rest > half || (rest == half && (remainder != 0 || significand & 1 == 1)) { significand += 1 }
        if significand == 1 << 53 { significand >>= 1; exponent += 1 }
        // significand · 2^exponent with the significand in [2^52, 2^53): the bits directly.
        return Double(bitPattern: UInt64(exponent + 52 + 1023) << 52 | significand & (1 << 52 - 1))
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
