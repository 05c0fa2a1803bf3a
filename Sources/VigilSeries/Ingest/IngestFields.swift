/// Parsing of the fields every ingest format shares: timestamps, values, names.
enum IngestFields {
    /// Numbers below this are unix seconds, at or above it unix milliseconds.
    /// 10¹¹ seconds is the year 5138 while 10¹¹ ms is March 1973, so real data never straddles it.
    static let millisecondThreshold = 100_000_000_000.0

    /// What a timestamp field may hold, for error messages.
    static let timestampExpectation = "expected an RFC 3339 time (2025-01-15T14:30:00Z) or unix seconds or milliseconds (within ±285,000 years of 1970)"

    /// Parses an RFC 3339 time or a unix number (seconds below 10¹¹, milliseconds from there).
    static func timestamp(_ text: String) -> Timestamp? {
        if let number = unixNumber(text) {
            return Timestamp(exactly: (abs(number) < millisecondThreshold ? number * 1000 : number).rounded()).flatMap(inSpan)
        }
        return RFC3339.parse(text)
    }

    /// Converts a JSON number (unix seconds or milliseconds) to a timestamp.
    static func timestamp(number: Double) -> Timestamp? {
        guard number.isFinite else { return nil }
        return Timestamp(exactly: (abs(number) < millisecondThreshold ? number * 1000 : number).rounded()).flatMap(inSpan)
    }

    /// A sample time within `TimeSpan`, else nil: the caller's "expected a timestamp" error.
    static func inSpan(_ ms: Timestamp) -> Timestamp? { TimeSpan.contains(ms) ? ms : nil }

    /// A plain decimal number: optional minus, digits, optional fraction; no exponent, no sign +.
    private static func unixNumber(_ text: String) -> Double? {
        var sawDigit = false
        var sawDot = false
        for (offset, character) in text.unicodeScalars.enumerated() {
            switch character {
            case "0"..."9": sawDigit = true
            case "." where !sawDot: sawDot = true
            case "-" where offset == 0: break
            default: return nil
            }
        }
        return sawDigit ? Double(text) : nil
    }

    /// Parses a sample value: a decimal or scientific number, `NaN`, `Inf`, `+Inf` or `-Inf`.
    static func value(_ text: String) -> Double? {
        // Double(String) also takes hex floats and "nan(...)"; only plain decimals are data.
        if !text.isEmpty, text.utf8.allSatisfy(isDecimalByte) { return Double(text) }
        switch text.lowercased() {
        case "nan": return .nan
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return nil
        }
    }

    @inline(__always)
    private static func isDecimalByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || byte == 46 || byte == 43 || byte == 45 || byte == 101 || byte == 69
    }

    /// What a value field may hold, for error messages.
    static let valueExpectation = "expected a number, NaN, +Inf or -Inf"

    /// True for a Prometheus metric name: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    static func isMetricName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, isNameStart(first) || first == ":" else { return false }
        return text.unicodeScalars.allSatisfy { isNameContinue($0) || $0 == ":" }
    }

    /// True for a Prometheus label name: `[a-zA-Z_][a-zA-Z0-9_]*`.
    static func isLabelName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, isNameStart(first) else { return false }
        return text.unicodeScalars.allSatisfy(isNameContinue)
    }

    @inline(__always)
    static func isNameStart(_ character: Unicode.Scalar) -> Bool {
        (character >= "a" && character <= "z") || (character >= "A" && character <= "Z") || character == "_"
    }

    @inline(__always)
    static func isNameContinue(_ character: Unicode.Scalar) -> Bool {
        isNameStart(character) || (character >= "0" && character <= "9")
    }
}

/// A strict RFC 3339 parser (`2025-01-15T14:30:00.250+02:00`), independent of locale and Foundation.
enum RFC3339 {
    /// Milliseconds since the epoch, or nil when the text is not RFC 3339.
    static func parse(_ text: String) -> Timestamp? {
        let c = Array(text.utf8)
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= c.count else { return nil }
            var result = 0
            for index in start..<start + count {
                guard c[index] >= 48 && c[index] <= 57 else { return nil }
                result = result * 10 + Int(c[index] - 48)
            }
            return result
        }
        guard c.count >= 20, let year = digits(0, 4), c[4] == 45, let month = digits(5, 2), c[7] == 45,
              let day = digits(8, 2), c[10] == 84 || c[10] == 116 || c[10] == 32,
              let hour = digits(11, 2), c[13] == 58, let minute = digits(14, 2), c[16] == 58,
              let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year, month),
              hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var millisecond = 0
        if index < c.count && c[index] == 46 {
            index += 1
            let fractionStart = index
            var scale = 100
            while index < c.count && c[index] >= 48 && c[index] <= 57 {
                millisecond += Int(c[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > fractionStart else { return nil }
        }
        guard index < c.count else { return nil }
        var offsetMinutes = 0
        if c[index] == 90 || c[index] == 122 {
            index += 1
        } else if c[index] == 43 || c[index] == 45 {
            guard let offsetHour = digits(index + 1, 2), index + 3 < c.count, c[index + 3] == 58,
                  let offsetMinute = digits(index + 4, 2), offsetHour < 24, offsetMinute < 60
            else { return nil }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (c[index] == 45 ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == c.count else { return nil }
        let days = daysFromCivil(year, month, day)
        let seconds = ((days * 24 + hour) * 60 + minute) * 60 + min(second, 59) - offsetMinutes * 60
        return Timestamp(seconds) * 1000 + Timestamp(millisecond)
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
