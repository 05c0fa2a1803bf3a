/// Numeric, money and timestamp literals: `1_000`, `2e-3`, `0.5%`, `14.4x`, `1h30m`,
/// `10MiB`, `$1_800.50`, `@2025-01-15T14:30:00Z`.
extension Lexer {
    static let durationUnits: [(String, Double)] = [
        ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400), ("w", 604_800),
    ]
    static let byteUnits: [(String, Double, QuantityStyle)] = [
        ("KiB", 1024, .bytesIEC), ("MiB", 1_048_576, .bytesIEC), ("GiB", 1_073_741_824, .bytesIEC),
        ("TiB", 1_099_511_627_776, .bytesIEC),
        ("KB", 1e3, .bytesSI), ("MB", 1e6, .bytesSI), ("GB", 1e9, .bytesSI), ("TB", 1e12, .bytesSI), ("B", 1, .bytesSI),
    ]
    static let unitHint = "units are %, x, ms s m h d w, B KB MB GB TB, KiB MiB GiB TiB"

    /// Reads digits with `_` separators, a fraction and an exponent; nil after reporting an error.
    private mutating func scanNumber(allowExponent: Bool = true) -> Double? {
        let start = pos
        var digits: [UInt8] = []
        func scanDigits(_ lexer: inout Lexer) -> Bool {
            var sawDigit = false
            while lexer.pos < lexer.end {
                let c = lexer.bytes[lexer.pos]
                if isDigit(c) { digits.append(c); sawDigit = true; lexer.pos += 1 }
                else if c == UInt8(ascii: "_"), sawDigit, lexer.pos + 1 < lexer.end, isDigit(lexer.bytes[lexer.pos + 1]) { lexer.pos += 1 }
                else if c == UInt8(ascii: "_") {
                    lexer.error("misplaced `_` in a number", SourceRange(lexer.pos, lexer.pos + 1),
                                hint: "`_` may only stand between digits, as in `1_000`")
                    lexer.pos += 1
                    return false
                } else { break }
            }
            return sawDigit
        }
        guard scanDigits(&self) else { return nil }
        if peek() == UInt8(ascii: "."), isDigit(peek(1)) {
            digits.append(UInt8(ascii: "."))
            pos += 1
            guard scanDigits(&self) else { return nil }
        }
        if allowExponent, peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            let sign = peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-")
            if isDigit(peek(sign ? 2 : 1)) {
                digits.append(UInt8(ascii: "e"))
                if sign { digits.append(peek(1)) }
                pos += sign ? 2 : 1
                guard scanDigits(&self) else { return nil }
            }
        }
        guard let v = Double(String(decoding: digits, as: UTF8.self)) else {
            error("malformed number", SourceRange(start, pos))
            return nil
        }
        return v
    }

    private func hasSuffix(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard pos + u.count <= end else { return false }
        for (i, b) in u.enumerated() where bytes[pos + i] != b { return false }
        return true
    }

    /// True when the text after a unit suffix of length `n` does not continue a word.
    private func suffixEnds(_ n: Int) -> Bool { !isIdentPart(peek(n)) }

    mutating func numberLiteral() -> Token {
        let start = pos
        guard let v = scanNumber() else { return skipWord(from: start) }
        if peek() == UInt8(ascii: "%") {
            pos += 1
            return Token(.quantity(Quantity(v / 100, style: .percent)), SourceRange(start, pos))
        }
        for (name, size, style) in Self.byteUnits where hasSuffix(name) && suffixEnds(name.utf8.count) {
            pos += name.utf8.count
            return Token(.quantity(Quantity(v * size, .bytes, style: style)), SourceRange(start, pos))
        }
        if hasSuffix("x"), suffixEnds(1) {
            pos += 1
            return Token(.quantity(Quantity(v, style: .multiplier)), SourceRange(start, pos))
        }
        if let size = durationUnit() {
            var total = v * size
            // Compound durations: 1h30m, 1m30s, 1s500ms.
            while isDigit(peek()) {
                let partStart = pos
                guard let more = scanNumber(allowExponent: false) else { return skipWord(from: start) }
                guard let unit = durationUnit() else {
                    error("a compound duration needs a unit after every number", SourceRange(partStart, pos),
                          expected: "one of ms s m h d w", hint: "write durations like `1h30m`")
                    return skipWord(from: start)
                }
                total += more * unit
            }
            if isIdentPart(peek()) { return badUnit(start) }
            return Token(.quantity(Quantity(total, .duration)), SourceRange(start, pos))
        }
        if isIdentPart(peek()) { return badUnit(start) }
        return Token(.quantity(Quantity(v)), SourceRange(start, pos))
    }

    /// Consumes a duration unit that ends the word or is followed by another number.
    private mutating func durationUnit() -> Double? {
        for (name, size) in Self.durationUnits where hasSuffix(name) {
            let n = name.utf8.count
            if suffixEnds(n) || isDigit(peek(n)) {
                pos += n
                return size
            }
        }
        return nil
    }

    /// Words people write for units, mapped to Vigil's unit (edit distance alone would not
    /// find `s` for `sec`).
    static let unitWords: [String: String] = [
        "sec": "s", "secs": "s", "second": "s", "seconds": "s", "min": "m", "mins": "m", "minute": "m",
        "minutes": "m", "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "day": "d", "days": "d",
        "week": "w", "weeks": "w", "msec": "ms", "millis": "ms", "percent": "%", "pct": "%",
    ]

    private mutating func badUnit(_ start: Int) -> Token {
        let unitStart = pos
        while isIdentPart(peek()) { pos += 1 }
        let unit = file.slice(SourceRange(unitStart, pos))
        let known = Self.durationUnits.map(\.0) + Self.byteUnits.map(\.0) + ["x"]
        let suggestion = Self.unitWords[unit.lowercased()] ?? Spelling.closest(to: unit, in: known)
        let hint = suggestion.map { "did you mean `\($0)`? (\(Self.unitHint))" } ?? Self.unitHint
        error("unknown unit `\(unit)`", SourceRange(unitStart, pos), expected: "a unit after the number", hint: hint)
        return Token(.invalid, SourceRange(start, pos))
    }

    private mutating func skipWord(from start: Int) -> Token {
        while isIdentPart(peek()) || peek() == UInt8(ascii: ".") { pos += 1 }
        return Token(.invalid, SourceRange(start, max(pos, start + 1)))
    }

    mutating func money() -> Token {
        let start = pos
        pos += 1
        guard let v = scanNumber(allowExponent: false) else { return skipWord(from: start) }
        if isIdentPart(peek()) {
            let unitStart = pos
            while isIdentPart(peek()) { pos += 1 }
            error("money takes no unit", SourceRange(unitStart, pos), hint: "write amounts like `$1800` or `$0.0004`")
            return Token(.invalid, SourceRange(start, pos))
        }
        return Token(.quantity(Quantity(v, .money)), SourceRange(start, pos))
    }

    // MARK: timestamps

    private mutating func fixedDigits(_ n: Int) -> Int? {
        var v = 0
        for _ in 0..<n {
            guard isDigit(peek()) else { return nil }
            v = v * 10 + Int(peek() - UInt8(ascii: "0"))
            pos += 1
        }
        return v
    }

    private mutating func expect(_ c: Character) -> Bool {
        if peek() == UInt8(ascii: Unicode.Scalar(String(c))!) { pos += 1; return true }
        return false
    }

    mutating func timestampLiteral() -> Token {
        let start = pos
        pos += 1
        func fail(_ lexer: inout Lexer) -> Token {
            while lexer.pos < lexer.end, !isSpaceOrClose(lexer.bytes[lexer.pos]) { lexer.pos += 1 }
            lexer.error("malformed timestamp", SourceRange(start, lexer.pos),
                        expected: "`@YYYY-MM-DD` or `@YYYY-MM-DDTHH:MM:SSZ` (an offset like `+02:00` may replace `Z`)")
            return Token(.invalid, SourceRange(start, lexer.pos))
        }
        guard let y = fixedDigits(4), expect("-"), let mo = fixedDigits(2), expect("-"), let d = fixedDigits(2),
              (1...12).contains(mo), d >= 1, d <= QuantityFormat.Calendar.daysInMonth(year: y, month: mo)
        else { return fail(&self) }
        var seconds = Double(QuantityFormat.Calendar.days(year: y, month: mo, day: d)) * 86_400
        if peek() == UInt8(ascii: "T") {
            pos += 1
            guard let h = fixedDigits(2), expect(":"), let mi = fixedDigits(2), h < 24, mi < 60 else { return fail(&self) }
            var s = 0.0
            if expect(":") {
                guard let whole = fixedDigits(2), whole < 60 else { return fail(&self) }
                s = Double(whole)
                if peek() == UInt8(ascii: "."), isDigit(peek(1)) {
                    pos += 1
                    var scale = 0.1
                    while isDigit(peek()) { s += Double(peek() - UInt8(ascii: "0")) * scale; scale /= 10; pos += 1 }
                }
            }
            seconds += Double(h * 3600 + mi * 60) + s
            if expect("Z") {
            } else if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") {
                let sign: Double = peek() == UInt8(ascii: "+") ? 1 : -1
                pos += 1
                guard let oh = fixedDigits(2), expect(":"), let om = fixedDigits(2), oh < 24, om < 60 else { return fail(&self) }
                seconds -= sign * Double(oh * 3600 + om * 60)
            }
        }
        if isIdentPart(peek()) { return fail(&self) }
        return Token(.quantity(Quantity(seconds, .timestamp)), SourceRange(start, pos))
    }
}

private func isSpaceOrClose(_ c: UInt8) -> Bool {
    c == UInt8(ascii: " ") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\t") || c == UInt8(ascii: ")")
        || c == UInt8(ascii: ",") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}")
}
