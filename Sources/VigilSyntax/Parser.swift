/// Thrown inside the parser to abandon the current statement; the caller reports nothing
/// more (the diagnostic is already recorded) and resynchronises at the next line.
struct ParseAbort: Error {}

/// A recursive-descent parser that reports every error in a file in one run: after an
/// error it skips to the end of the statement and carries on.
public struct Parser {
    let file: SourceFile
    var tokens: [Token]
    var index = 0
    public internal(set) var diagnostics: [Diagnostic] = []
    var comments: [Comment] = []
    /// Where this parser's text starts: 0 for a file, the code's offset for an interpolation.
    var startOffset = 0
    /// How the end of the input is named in "found …": the file, or the interpolation.
    var endName = "the end of the file"
    /// How deep the tree being built is nested (see `descend`).
    var depth = 0
    /// Set when nesting passed `maxNesting`: parsing stops there, with that one error.
    var tooDeep = false

    public init(file: SourceFile) {
        var lexer = Lexer(file: file)
        self.tokens = lexer.tokenize()
        self.file = file
        self.diagnostics = lexer.diagnostics
        self.comments = lexer.comments
    }

    /// Parses a whole file; the program holds every declaration that parsed.
    public static func parse(_ file: SourceFile) -> (Program, [Diagnostic]) {
        var p = Parser(file: file)
        let program = p.parseProgram()
        return (program, Diagnostic.capped(p.diagnostics))
    }

    // MARK: the token stream

    var current: Token { tokens[index] }
    func peekToken(_ k: Int = 1) -> Token { tokens[min(index + k, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    /// Where the last real token ended; line breaks skipped since do not count, so node
    /// ranges and "found the end of the line" carets stay on the line that has the code.
    var previousEnd: Int {
        var i = index - 1
        while i > 0, tokens[i].kind == .newline { i -= 1 }
        return i >= 0 ? tokens[i].range.end : startOffset
    }

    func at(_ s: Symbol) -> Bool { current.kind == .symbol(s) }
    func at(_ k: Keyword) -> Bool { current.kind == .keyword(k) }
    func atWord(_ w: String) -> Bool { current.word == w }

    mutating func accept(_ s: Symbol) -> Bool {
        if at(s) { advance(); return true }
        return false
    }

    mutating func accept(_ k: Keyword) -> Bool {
        if at(k) { advance(); return true }
        return false
    }

    mutating func skipNewlines() {
        while current.kind == .newline || at(.semicolon) { advance() }
    }

    /// Newlines inside records, lists and argument lists are not statement ends.
    mutating func skipLineBreaks() {
        while current.kind == .newline { advance() }
    }

    mutating func report(_ message: String, _ range: SourceRange, expected: String? = nil, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, message, file: file, range: range, expected: expected, hint: hint))
    }

    /// Reports "expected X, found Y" at the current token and abandons the statement.
    mutating func fail(expected: String, hint: String? = nil) -> ParseAbort {
        if current.kind != .invalid {  // the lexer already explained invalid text
            let found = current.kind == .eof ? endName : current.display
            // At a line end or the end of the file, point just past the last token (the
            // caret still shows), without reaching beyond the file.
            let range = current.kind == .newline || current.kind == .eof
                ? SourceRange(previousEnd, min(previousEnd + 1, file.bytes.count)) : current.range
            let hint = hint ?? (at(.assign) ? "use `==` to compare; `=` only binds names (`let x = …`)" : nil)
            report("expected \(expected), found \(found)", range, expected: expected, hint: hint)
        }
        return ParseAbort()
    }

    mutating func expect(_ s: Symbol, _ what: String? = nil, hint: String? = nil) throws -> Token {
        if at(s) { return advance() }
        throw fail(expected: what ?? "`\(s.rawValue)`", hint: hint)
    }

    /// Expects the bracket closing `open`. When the input ends first, the error points at
    /// the opening bracket: that is where the reader has to look.
    mutating func expectClosing(_ s: Symbol, opening open: Token, _ what: String) throws {
        if accept(s) { return }
        if current.kind == .eof {
            report("unclosed `\(file.slice(open.range))`", open.range, expected: "`\(s.rawValue)`")
            throw ParseAbort()
        }
        throw fail(expected: what)
    }

    mutating func expectIdentifier(_ what: String) throws -> (String, SourceRange) {
        if case .identifier(let name) = current.kind {
            let r = advance().range
            return (name, r)
        }
        if case .keyword(let k) = current.kind {
            throw fail(expected: what, hint: "`\(k.rawValue)` is a reserved word; choose another name")
        }
        throw fail(expected: what)
    }

    mutating func expectString(_ what: String) throws -> (String, SourceRange) {
        if case .string(let parts) = current.kind {
            let range = advance().range
            var s = ""
            for part in parts {
                switch part {
                case .text(let t): s += t
                case .code:
                    report("\(what) cannot contain an interpolation", range, hint: "write `\\{` for a literal brace")
                }
            }
            return (s, range)
        }
        throw fail(expected: what)
    }

    /// A statement ends at a newline, `;`, a closing `}` or the end of the file.
    mutating func endStatement() throws {
        if current.kind == .newline || at(.semicolon) { advance(); return }
        if at(.rbrace) || current.kind == .eof { return }
        throw fail(expected: "the end of the statement (a new line or `;`)")
    }

    /// After an error: skip to the end of the line, keeping `{ }` balanced, so the next
    /// statement parses cleanly.
    mutating func synchronize() {
        var depth = 0
        while current.kind != .eof {
            if depth == 0, current.kind == .newline || at(.semicolon) { advance(); return }
            if at(.lbrace) { depth += 1 }
            if at(.rbrace) {
                if depth == 0 { return }
                depth -= 1
                if depth == 0 { advance(); if current.kind == .newline { advance() }; return }
            }
            advance()
        }
    }

    // MARK: the program

    mutating func parseProgram() -> Program {
        var decls: [Decl] = []
        skipNewlines()
        while current.kind != .eof, !tooDeep {
            if at(.rbrace) {
                report("unexpected `}`", current.range, hint: "this brace closes nothing")
                advance()
                skipNewlines()
                continue
            }
            let before = index
            do {
                decls.append(try declaration())
                try endStatement()
            } catch {
                if tooDeep { break }
                synchronize()
            }
            if index == before { advance() }
            skipNewlines()
        }
        return Program(file: file, decls: decls, comments: comments)
    }

    mutating func declaration() throws -> Decl {
        let start = current.range.start
        if accept(.import) {
            let (path, pathRange) = try expectString("a module path such as \"std/slo\"")
            var alias: String?, aliasRange: SourceRange?
            if accept(.as) {
                let (name, range) = try expectIdentifier("a module name after `as`")
                alias = name
                aliasRange = range
            }
            return Decl(.import(ImportDecl(path: path, pathRange: pathRange, alias: alias, aliasRange: aliasRange)),
                        SourceRange(start, previousEnd))
        }
        if at(.when) {
            let rule = try ruleShorthand()
            return Decl(.rule(rule), rule.range)
        }
        if let word = current.word {
            let next = peekToken()
            if word == "rule", case .string = next.kind {
                let rule = try ruleBlock()
                return Decl(.rule(rule), rule.range)
            }
            if word == "receiver", case .string = next.kind {
                advance()
                let (name, nameRange) = try expectString("a receiver name")
                let target = try expression()
                return Decl(.receiver(ReceiverDecl(name: name, nameRange: nameRange, target: target)), SourceRange(start, previousEnd))
            }
            if let kind = BlockKind(rawValue: word), startsBlock(kind) {
                let block = try blockDecl(kind)
                return Decl(.block(block), block.range)
            }
        }
        let stmt = try statement()
        return Decl(.statement(stmt), stmt.range)
    }

    /// Whether the tokens after a block keyword look like a block header, so names such as
    /// `test` or `budget` stay usable as variables.
    func startsBlock(_ kind: BlockKind) -> Bool {
        let next = peekToken()
        switch kind.nameStyle {
        case .identifier:
            return next.word != nil && peekToken(2).kind == .symbol(.lbrace)
        case .string:
            if case .string = next.kind { return true }
            return false
        case .none:
            return next.kind == .symbol(.lbrace)
        case .optionalIdentifier:
            return next.kind == .symbol(.lbrace) || (next.word != nil && peekToken(2).kind == .symbol(.lbrace))
        }
    }
}
