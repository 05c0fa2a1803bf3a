/// Reserved words; every other word (`canary`, `every`, `bake`, …) is contextual.
public enum Keyword: String, Sendable, CaseIterable {
    case `let`, fn, `if`, `else`, `for`, `in`, `return`, and, or, not
    case `true`, `false`, none, when, then, resolve, mod, `import`, `as`
}

/// Punctuation and operators.
public enum Symbol: String, Sendable, CaseIterable {
    case lparen = "(", rparen = ")", lbracket = "[", rbracket = "]", lbrace = "{", rbrace = "}"
    case comma = ",", dot = ".", colon = ":", semicolon = ";"
    case assign = "=", plusAssign = "+=", minusAssign = "-="
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case plus = "+", minus = "-", star = "*", slash = "/"
}

/// A piece of a string literal: plain text, or the source of an `{expr}` interpolation
/// with the byte offset where that source starts (so its diagnostics point into the string).
public enum StringPart: Equatable, Sendable {
    case text(String)
    case code(String, offset: Int)
}

public enum TokenKind: Equatable, Sendable {
    case identifier(String)
    case keyword(Keyword)
    case quantity(Quantity)
    case string([StringPart])
    case regex(String, negated: Bool)
    case severity(Int)
    case symbol(Symbol)
    case newline
    case eof
    /// Text the lexer could not read; it has already reported why.
    case invalid
}

public struct Token: Equatable, Sendable {
    public var kind: TokenKind
    public var range: SourceRange

    public init(_ kind: TokenKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// The word if this is an identifier, for contextual keywords such as `canary`.
    public var word: String? {
        if case .identifier(let w) = kind { return w }
        return nil
    }

    /// How the token is named in "expected …, found …" messages.
    public var display: String {
        switch kind {
        case .identifier(let w): "`\(w)`"
        case .keyword(let k): "`\(k.rawValue)`"
        case .quantity(let q): "`\(q)`"
        case .string: "a string"
        case .regex: "a regex matcher"
        case .severity(let n): "`P\(n)`"
        case .symbol(let s): "`\(s.rawValue)`"
        case .newline: "the end of the line"
        case .eof: "the end of the file"
        case .invalid: "invalid text"
        }
    }
}

/// A `#` comment, kept so the formatter can put it back.
public struct Comment: Equatable, Sendable {
    public var text: String
    public var range: SourceRange
    /// True when the comment is alone on its line (not trailing code).
    public var ownLine: Bool
}
