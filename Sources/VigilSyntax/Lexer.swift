/// Turns source bytes into tokens. Newlines are tokens (they end statements) except inside
/// `( )` and `[ ]`, where expressions may span lines. Comments are collected on the side.
public struct Lexer {
    let file: SourceFile
    let bytes: [UInt8]
    var pos: Int
    let end: Int
    public private(set) var diagnostics: [Diagnostic] = []
    public private(set) var comments: [Comment] = []
    /// Open brackets; a newline counts only when empty or the innermost is a brace.
    private var nesting: [UInt8] = []

    public init(file: SourceFile, start: Int = 0, end: Int? = nil) {
        self.file = file
        self.bytes = file.bytes
        self.pos = start
        self.end = end ?? file.bytes.count
    }

    /// Lexes everything; the last token is always `.eof`.
    public mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while true {
            let t = next()
            if t.kind == .newline, tokens.isEmpty || tokens.last?.kind == .newline { continue }
            tokens.append(t)
            if t.kind == .eof { return tokens }
        }
    }

    func peek(_ k: Int = 0) -> UInt8 { pos + k < end ? bytes[pos + k] : 0 }

    mutating func error(_ message: String, _ range: SourceRange, expected: String? = nil, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, message, file: file, range: range, expected: expected, hint: hint))
    }

    private var newlineCounts: Bool { nesting.isEmpty || nesting.last == UInt8(ascii: "{") }

    mutating func next() -> Token {
        skipSpaceAndComments()
        let start = pos
        guard pos < end else { return Token(.eof, SourceRange(end, end)) }
        let c = bytes[pos]
        if c == UInt8(ascii: "\n") {
            pos += 1
            if newlineCounts { return Token(.newline, SourceRange(start, pos)) }
            return next()
        }
        if isIdentStart(c) { return identifier() }
        if isDigit(c) { return numberLiteral() }
        if c == UInt8(ascii: "$"), isDigit(peek(1)) { return money() }
        if c == UInt8(ascii: "@") { return timestampLiteral() }
        if c == UInt8(ascii: "\"") { return stringLiteral() }
        if c == UInt8(ascii: "~"), peek(1) == UInt8(ascii: "\"") {
            pos += 1
            return regexLiteral(start: start, negated: false)
        }
        if c == UInt8(ascii: "!"), peek(1) == UInt8(ascii: "~"), peek(2) == UInt8(ascii: "\"") {
            pos += 2
            return regexLiteral(start: start, negated: true)
        }
        return symbol()
    }

    private mutating func skipSpaceAndComments() {
        while pos < end {
            let c = bytes[pos]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") {
                pos += 1
            } else if c == UInt8(ascii: "#") {
                let start = pos
                while pos < end, bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
                var lineStart = start
                while lineStart > 0, bytes[lineStart - 1] == UInt8(ascii: " ") || bytes[lineStart - 1] == UInt8(ascii: "\t") {
                    lineStart -= 1
                }
                let ownLine = lineStart == 0 || bytes[lineStart - 1] == UInt8(ascii: "\n")
                var text = file.slice(SourceRange(start, pos))
                while text.last == " " || text.last == "\r" || text.last == "\t" { text.removeLast() }
                comments.append(Comment(text: text, range: SourceRange(start, pos), ownLine: ownLine))
            } else if c == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "\n") {
                pos += 2  // explicit line continuation
            } else {
                return
            }
        }
    }

    private mutating func identifier() -> Token {
        let start = pos
        while pos < end, isIdentPart(bytes[pos]) { pos += 1 }
        let word = String(decoding: bytes[start..<pos], as: UTF8.self)
        let range = SourceRange(start, pos)
        if let k = Keyword(rawValue: word) { return Token(.keyword(k), range) }
        if word.count == 2, word.first == "P", let n = Int(word.dropFirst()), (1...4).contains(n) {
            return Token(.severity(n), range)
        }
        return Token(.identifier(word), range)
    }

    private mutating func symbol() -> Token {
        let start = pos
        let c = bytes[pos]
        let two = String(decoding: bytes[pos..<min(pos + 2, end)], as: UTF8.self)
        for s in [Symbol.eq, .ne, .le, .ge, .plusAssign, .minusAssign] where s.rawValue == two {
            pos += 2
            return Token(.symbol(s), SourceRange(start, pos))
        }
        if two == "&&" || two == "||" {
            pos += 2
            error("unexpected `\(two)`", SourceRange(start, pos), hint: "write `\(two == "&&" ? "and" : "or")`")
            return Token(.invalid, SourceRange(start, pos))
        }
        pos += 1
        let range = SourceRange(start, pos)
        if let s = Symbol(rawValue: String(UnicodeScalar(c))) {
            switch c {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): nesting.append(c)
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): if !nesting.isEmpty { nesting.removeLast() }
            default: break
            }
            return Token(.symbol(s), range)
        }
        if c == UInt8(ascii: "!") {
            error("unexpected `!`", range, hint: "write `not` for negation, `!=` for inequality, `!~\"…\"` for a negated regex")
        } else if c >= 0x80 {
            while pos < end, bytes[pos] & 0xC0 == 0x80 { pos += 1 }
            error("unexpected character `\(file.slice(SourceRange(start, pos)))`", SourceRange(start, pos))
        } else {
            error("unexpected character `\(String(UnicodeScalar(c)))`", range)
        }
        return Token(.invalid, SourceRange(start, pos))
    }

    // MARK: strings

    private mutating func stringLiteral() -> Token {
        let start = pos
        pos += 1
        var parts: [StringPart] = []
        var text: [UInt8] = []
        while true {
            guard pos < end, bytes[pos] != UInt8(ascii: "\n") else {
                error("unterminated string", SourceRange(start, pos), expected: "a closing `\"`")
                return Token(.invalid, SourceRange(start, pos))
            }
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") { pos += 1; break }
            if c == UInt8(ascii: "\\") {
                let e = peek(1)
                let mapped: UInt8? = switch e {
                case UInt8(ascii: "n"): UInt8(ascii: "\n")
                case UInt8(ascii: "t"): UInt8(ascii: "\t")
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"): e
                default: nil
                }
                guard let m = mapped else {
                    error("unknown escape `\\\(e == 0 ? "" : String(UnicodeScalar(e)))`", SourceRange(pos, min(pos + 2, end)),
                          expected: "one of \\n \\t \\\" \\\\ \\{")
                    pos += e == 0 ? 1 : 2
                    continue
                }
                text.append(m)
                pos += 2
                continue
            }
            if c == UInt8(ascii: "{") {
                if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))); text = [] }
                let codeStart = pos + 1
                guard let close = matchingBrace(from: codeStart) else {
                    error("unterminated interpolation", SourceRange(pos, pos + 1), expected: "a `}` closing `{`",
                          hint: "write `\\{` for a literal brace")
                    pos = lineEnd()
                    return Token(.invalid, SourceRange(start, pos))
                }
                let code = String(decoding: bytes[codeStart..<close], as: UTF8.self)
                if code.allSatisfy({ $0 == " " || $0 == "\t" }) {
                    // Reported here once; the string keeps no part for it, so the parser adds nothing.
                    error("empty interpolation", SourceRange(pos, close + 1), expected: "an expression inside `{}`")
                } else {
                    parts.append(.code(code, offset: codeStart))
                }
                pos = close + 1
                continue
            }
            text.append(c)
            pos += 1
        }
        if !text.isEmpty || parts.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
        return Token(.string(parts), SourceRange(start, pos))
    }

    /// The offset of the `}` closing an interpolation, skipping nested braces and strings.
    private func matchingBrace(from start: Int) -> Int? {
        var depth = 0, i = start, inString = false
        while i < end, bytes[i] != UInt8(ascii: "\n") {
            let c = bytes[i]
            if inString {
                if c == UInt8(ascii: "\\") { i += 2; continue }
                if c == UInt8(ascii: "\"") { inString = false }
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: "{") {
                depth += 1
            } else if c == UInt8(ascii: "}") {
                if depth == 0 { return i }
                depth -= 1
            }
            i += 1
        }
        return nil
    }

    private func lineEnd() -> Int {
        var i = pos
        while i < end, bytes[i] != UInt8(ascii: "\n") { i += 1 }
        return i
    }

    private mutating func regexLiteral(start: Int, negated: Bool) -> Token {
        pos += 1  // the opening quote
        var text: [UInt8] = []
        while true {
            guard pos < end, bytes[pos] != UInt8(ascii: "\n") else {
                error("unterminated regex matcher", SourceRange(start, pos), expected: "a closing `\"`")
                return Token(.invalid, SourceRange(start, pos))
            }
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") { pos += 1; break }
            if c == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "\"") {
                // `\"` is a quote inside the pattern; keep both bytes, the regex engine reads the escape.
                text.append(c)
                text.append(UInt8(ascii: "\""))
                pos += 2
                continue
            }
            text.append(c)
            pos += 1
        }
        return Token(.regex(String(decoding: text, as: UTF8.self), negated: negated), SourceRange(start, pos))
    }
}

func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
func isIdentStart(_ c: UInt8) -> Bool {
    (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || c == UInt8(ascii: "_")
}
func isIdentPart(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) }
