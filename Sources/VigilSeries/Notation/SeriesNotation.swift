/// A bad token in promtool series notation, with the 1-based column where the token starts.
public struct SeriesNotationError: Error, Equatable, CustomStringConvertible {
    /// 1-based column of the offending token in the notation text.
    public let column: Int
    /// What was found and what was expected.
    public let message: String

    public var description: String { "column \(column): \(message)" }
}

/// promtool's expanding series notation, as `vigil test` uses it: `"0+30x120 _x3 stale 5"`.
///
/// Segments are separated by spaces; the forms follow promtool's grammar exactly:
/// - `a` — one value (sign, decimals, scientific notation, `Inf`, `NaN` allowed);
/// - `axn` — n + 1 copies of a (shorthand for `a+0xn`);
/// - `a+bxn` / `a-bxn` — n + 1 values a, a±b, …, a±n·b;
/// - `_` — one missing sample; `_xn` — n missing samples (n, not n + 1: a gap has no start value);
/// - `stale` — a stale marker.
public struct SeriesNotation: Equatable, Sendable {
    /// One expanded position of the notation.
    public enum Value: Equatable, Sendable {
        /// A sample with this value.
        case number(Double)
        /// No sample at this position (`_`).
        case missing
        /// A stale marker at this position (`stale`).
        case stale
    }

    /// The expanded positions, one per interval step.
    public let values: [Value]

    /// Parses notation text; throws `SeriesNotationError` naming the column of a bad token.
    public init(_ text: String) throws {
        var values: [Value] = []
        let scalars = Array(text.unicodeScalars)
        var position = 0
        while position < scalars.count {
            if scalars[position] == " " || scalars[position] == "\t" {
                position += 1
                continue
            }
            let start = position
            while position < scalars.count && scalars[position] != " " && scalars[position] != "\t" { position += 1 }
            var token = String.UnicodeScalarView()
            token.append(contentsOf: scalars[start..<position])
            try SeriesNotation.expand(String(token), column: start + 1, into: &values)
        }
        self.values = values
    }

    /// Samples at `start`, `start + interval`, …; missing positions are skipped, stale ones
    /// become the stale marker. promtool starts at 0 with a 1m interval by default.
    public func samples(interval: Milliseconds = TimeUnit.minute, start: Timestamp = 0) -> [Sample] {
        var samples: [Sample] = []
        samples.reserveCapacity(values.count)
        for (step, value) in values.enumerated() {
            let time = start + Timestamp(step) * interval
            switch value {
            case .number(let number): samples.append(Sample(time, number))
            case .stale: samples.append(Sample(time, StaleMarker.value))
            case .missing: break
            }
        }
        return samples
    }

    /// A series with these labels holding the expanded samples.
    public func series(labels: Labels, interval: Milliseconds = TimeUnit.minute, start: Timestamp = 0) -> Series {
        // Force-try is safe: expansion yields strictly increasing times for a positive interval.
        precondition(interval > 0, "series notation needs a positive interval")
        return try! Series(labels: labels, samples: samples(interval: interval, start: start))
    }

    // MARK: - One token

    private static func expand(_ token: String, column: Int, into values: inout [Value]) throws {
        func fail(_ message: String) -> SeriesNotationError {
            SeriesNotationError(column: column, message: message)
        }
        let characters = Array(token.unicodeScalars)
        if token == "_" {
            values.append(.missing)
            return
        }
        if token.hasPrefix("_x") {
            let count = try repeatCount(characters, from: 2, token: token, column: column)
            values.append(contentsOf: repeatElement(.missing, count: count))
            return
        }
        if token == "stale" {
            values.append(.stale)
            return
        }
        if token.hasPrefix("stale") {
            throw fail("unexpected \"\(token)\": \"stale\" stands alone and cannot be repeated or incremented")
        }
        guard let (initial, afterInitial) = NumberScanner.scan(characters, from: 0) else {
            throw fail("unexpected \"\(token)\": expected a number, \"_\" or \"stale\"")
        }
        if afterInitial == characters.count {
            values.append(.number(initial))
            return
        }
        var increment = 0.0
        var index = afterInitial
        if characters[index] == "+" || characters[index] == "-" {
            let sign: Double = characters[index] == "-" ? -1 : 1
            guard let (step, afterStep) = NumberScanner.scan(characters, from: index + 1, allowSign: false) else {
                throw fail("bad increment in \"\(token)\": expected a number after \"\(characters[index])\"")
            }
            increment = sign * step
            index = afterStep
            guard index < characters.count else {
                throw fail("incomplete \"\(token)\": expected \"x\" and a repeat count after the increment")
            }
        }
        guard characters[index] == "x" else {
            throw fail("unexpected \"\(characters[index])\" in \"\(token)\": expected \"x\" and a repeat count, \"+\" or \"-\"")
        }
        let count = try repeatCount(characters, from: index + 1, token: token, column: column)
        // n + 1 values: the start value plus n steps, as promtool expands it. promtool adds
        // the increment step by step, so `0.5-0.01x40` ends at 0.10000000000000007, not at
        // 0.5 - 40 × 0.01 = 0.09999999999999998; thresholds on such data must agree with it.
        var value = initial
        values.append(.number(value))
        for _ in 0..<count {
            value += increment
            values.append(.number(value))
        }
    }

    private static func repeatCount(_ characters: [Unicode.Scalar], from index: Int, token: String, column: Int) throws -> Int {
        let digits = characters[index...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.properties.numericType != nil && $0.isASCII }),
              let count = Int(String(String.UnicodeScalarView(digits))), count <= 1_000_000
        else {
            throw SeriesNotationError(
                column: column,
                message: "bad repeat count in \"\(token)\": expected a whole number (at most 1000000) after \"x\"")
        }
        return count
    }
}

/// Scans the longest number at a position: `[+-]digits[.digits][e[+-]digits]`, `Inf` or `NaN`.
enum NumberScanner {
    /// The number and the index just after it, or nil when no number starts there.
    static func scan(_ characters: [Unicode.Scalar], from start: Int, allowSign: Bool = true) -> (Double, Int)? {
        var index = start
        var text = ""
        if allowSign, index < characters.count, characters[index] == "+" || characters[index] == "-" {
            text.unicodeScalars.append(characters[index])
            index += 1
        }
        for word in ["Inf", "NaN"] {
            let letters = Array(word.unicodeScalars)
            if index + letters.count <= characters.count, Array(characters[index..<index + letters.count]) == letters {
                let value: Double = word == "NaN" ? .nan : (text == "-" ? -.infinity : .infinity)
                return (value, index + letters.count)
            }
        }
        let mantissaStart = index
        var sawDigit = false
        while index < characters.count, isDigit(characters[index]) {
            text.unicodeScalars.append(characters[index]); index += 1; sawDigit = true
        }
        if index < characters.count, characters[index] == "." {
            text.unicodeScalars.append("."); index += 1
            while index < characters.count, isDigit(characters[index]) {
                text.unicodeScalars.append(characters[index]); index += 1; sawDigit = true
            }
        }
        guard sawDigit, index > mantissaStart else { return nil }
        if index < characters.count, characters[index] == "e" || characters[index] == "E" {
            var exponentEnd = index + 1
            var exponent = "e"
            if exponentEnd < characters.count, characters[exponentEnd] == "+" || characters[exponentEnd] == "-" {
                exponent.unicodeScalars.append(characters[exponentEnd]); exponentEnd += 1
            }
            let digitsStart = exponentEnd
            while exponentEnd < characters.count, isDigit(characters[exponentEnd]) {
                exponent.unicodeScalars.append(characters[exponentEnd]); exponentEnd += 1
            }
            if exponentEnd > digitsStart {
                text += exponent
                index = exponentEnd
            }
        }
        guard let value = Double(text) else { return nil }
        return (value, index)
    }

    @inline(__always)
    private static func isDigit(_ character: Unicode.Scalar) -> Bool {
        character >= "0" && character <= "9"
    }
}
