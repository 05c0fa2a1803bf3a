/// Expressions, lowest precedence first: or · and · not · comparison · + - · * / mod ·
/// unary - · postfix (call, member, index) · primary.
extension Parser {
    mutating func expression() throws -> Expr {
        try descend(current.range)
        defer { depth -= 1 }
        return try orExpr()
    }

    private mutating func binaryLevel(_ ops: [Keyword: BinaryOp], _ next: (inout Parser) throws -> Expr) throws -> Expr {
        var left = try next(&self)
        var folds = 0
        defer { depth -= folds }
        while case .keyword(let k) = current.kind, let op = ops[k] {
            try descend(current.range)
            folds += 1
            advance()
            skipLineBreaks()
            let right = try next(&self)
            left = Expr(.binary(op, left, right), left.range.union(right.range))
        }
        return left
    }

    private mutating func orExpr() throws -> Expr { try binaryLevel([.or: .or]) { try $0.andExpr() } }
    private mutating func andExpr() throws -> Expr { try binaryLevel([.and: .and]) { try $0.notExpr() } }

    private mutating func notExpr() throws -> Expr {
        if at(.not) {
            try descend(current.range)
            defer { depth -= 1 }
            let start = advance().range.start
            let operand = try notExpr()
            return Expr(.unary(.not, operand), SourceRange(start, operand.range.end))
        }
        return try comparison()
    }

    private static let comparisons: [Symbol: BinaryOp] = [.eq: .eq, .ne: .ne, .lt: .lt, .le: .le, .gt: .gt, .ge: .ge]

    private mutating func comparison() throws -> Expr {
        let left = try additive()
        guard case .symbol(let s) = current.kind, let op = Self.comparisons[s] else { return left }
        advance()
        skipLineBreaks()
        let right = try additive()
        if case .symbol(let s2) = current.kind, Self.comparisons[s2] != nil {
            report("comparisons do not chain", current.range,
                   hint: "write `a < b and b < c` instead of `a < b < c`")
            throw ParseAbort()
        }
        return Expr(.binary(op, left, right), left.range.union(right.range))
    }

    private mutating func additive() throws -> Expr {
        var left = try multiplicative()
        var folds = 0
        defer { depth -= folds }
        while case .symbol(let s) = current.kind, s == .plus || s == .minus {
            try descend(current.range)
            folds += 1
            advance()
            skipLineBreaks()
            let right = try multiplicative()
            left = Expr(.binary(s == .plus ? .add : .sub, left, right), left.range.union(right.range))
        }
        return left
    }

    private mutating func multiplicative() throws -> Expr {
        var left = try unary()
        var folds = 0
        defer { depth -= folds }
        while true {
            let op: BinaryOp
            if at(.star) { op = .mul } else if at(.slash) { op = .div } else if at(.mod) { op = .mod } else { break }
            try descend(current.range)
            folds += 1
            advance()
            skipLineBreaks()
            let right = try unary()
            left = Expr(.binary(op, left, right), left.range.union(right.range))
        }
        return left
    }

    private mutating func unary() throws -> Expr {
        if at(.minus) {
            try descend(current.range)
            defer { depth -= 1 }
            let start = advance().range.start
            let operand = try unary()
            return Expr(.unary(.negate, operand), SourceRange(start, operand.range.end))
        }
        return try postfix()
    }

    private mutating func postfix() throws -> Expr {
        var e = try primary()
        var folds = 0
        defer { depth -= folds }
        while true {
            if at(.lparen) || at(.dot) || at(.lbracket) {
                try descend(current.range)
                folds += 1
            }
            if at(.lparen) {
                let args = try arguments()
                e = Expr(.call(e, args), SourceRange(e.range.start, previousEnd))
            } else if at(.dot) {
                advance()
                let (name, nameRange) = try expectIdentifier("a field name after `.`")
                e = Expr(.member(e, name: name, nameRange: nameRange), SourceRange(e.range.start, nameRange.end))
            } else if at(.lbracket) {
                let open = advance()
                let i = try expression()
                try expectClosing(.rbracket, opening: open, "`]` closing the index")
                e = Expr(.index(e, i), SourceRange(e.range.start, previousEnd))
            } else {
                return e
            }
        }
    }

    mutating func arguments() throws -> [Argument] {
        let open = try expect(.lparen)
        var args: [Argument] = []
        var sawLabel = false
        while !at(.rparen) {
            if current.kind == .eof {
                report("unclosed `(`", open.range, expected: "`)`")
                throw ParseAbort()
            }
            if let label = argumentLabel(current), peekToken().kind == .symbol(.colon) {
                let labelRange = advance().range
                advance()
                args.append(Argument(label: label, labelRange: labelRange, value: try expression()))
                sawLabel = true
            } else {
                let value = try expression()
                if sawLabel {
                    report("a positional argument cannot follow a named one", value.range,
                           hint: "put positional arguments first")
                }
                args.append(Argument(label: nil, labelRange: nil, value: value))
            }
            if !accept(.comma) { break }
        }
        try expectClosing(.rparen, opening: open, "`,` or `)` in the argument list")
        return args
    }

    /// A named argument's label: any word, reserved ones included (`silence(m, for: 2h)`).
    private func argumentLabel(_ t: Token) -> String? {
        switch t.kind {
        case .identifier(let w): w
        case .keyword(let k): k.rawValue
        default: nil
        }
    }

    private mutating func primary() throws -> Expr {
        let t = current
        switch t.kind {
        case .quantity(let q):
            advance()
            return Expr(.quantity(q), t.range)
        case .string(let parts):
            advance()
            return Expr(.string(try segments(parts)), t.range)
        case .regex(let pattern, let negated):
            advance()
            return Expr(.regex(pattern, negated: negated), t.range)
        case .severity(let n):
            advance()
            return Expr(.severity(n), t.range)
        case .identifier(let name):
            advance()
            return Expr(.name(name), t.range)
        case .keyword(.true), .keyword(.false):
            advance()
            return Expr(.bool(t.kind == .keyword(.true)), t.range)
        case .keyword(.none):
            advance()
            return Expr(.none, t.range)
        case .keyword(.fn):
            advance()
            let f = try functionRest(start: t.range.start)
            return Expr(.lambda(f), f.range)
        case .symbol(.lparen):
            advance()
            var e = try expression()
            try expectClosing(.rparen, opening: t, "`)` closing `(`")
            e.range = SourceRange(t.range.start, previousEnd)
            return e
        case .symbol(.lbracket):
            return try listLiteral()
        case .symbol(.lbrace):
            return try recordLiteral()
        default:
            throw fail(expected: "an expression")
        }
    }

    private mutating func listLiteral() throws -> Expr {
        let open = advance()
        var items: [Expr] = []
        while !at(.rbracket) {
            if current.kind == .eof { report("unclosed `[`", open.range, expected: "`]`"); throw ParseAbort() }
            items.append(try expression())
            if !accept(.comma) { break }
        }
        try expectClosing(.rbracket, opening: open, "`,` or `]` in the list")
        return Expr(.list(items), SourceRange(open.range.start, previousEnd))
    }

    private mutating func recordLiteral() throws -> Expr {
        let open = advance()
        var fields: [RecordField] = []
        skipLineBreaks()
        while !at(.rbrace) {
            let key: String, keyRange: SourceRange
            if case .string = current.kind {
                (key, keyRange) = try expectString("a field name")
            } else {
                (key, keyRange) = try expectIdentifier("a field name (records are written `{name: value}`)")
            }
            _ = try expect(.colon, "`:` after the field name")
            skipLineBreaks()
            fields.append(RecordField(key: key, keyRange: keyRange, value: try expression()))
            skipLineBreaks()
            if !accept(.comma) { break }
            skipLineBreaks()
        }
        skipLineBreaks()
        try expectClosing(.rbrace, opening: open, "`,` or `}` in the record")
        return Expr(.record(fields), SourceRange(open.range.start, previousEnd))
    }

    /// Parses each `{expr}` of a string literal with a lexer over the same file, so
    /// diagnostics inside an interpolation point at the right column.
    private mutating func segments(_ parts: [StringPart]) throws -> [StringSegment] {
        var out: [StringSegment] = []
        for part in parts {
            switch part {
            case .text(let s): out.append(.text(s))
            case .code(let code, let offset):
                var sub = Parser(file: file, start: offset, end: offset + code.utf8.count)
                sub.depth = depth
                var expr: Expr?
                do { expr = try sub.expression() } catch {}
                if sub.tooDeep {
                    tooDeep = true
                    diagnostics.append(contentsOf: sub.diagnostics)
                    throw ParseAbort()
                }
                if expr != nil, sub.current.kind != .eof {
                    sub.report("unexpected \(sub.current.display) in the interpolation", sub.current.range)
                }
                diagnostics.append(contentsOf: sub.diagnostics)
                guard let e = expr else { throw ParseAbort() }
                out.append(.interpolation(e))
            }
        }
        return out
    }

    /// After `fn` (and the name, for declarations): `(params) = expr` or `(params) { block }`.
    mutating func functionRest(start: Int) throws -> FunctionLiteral {
        let open = try expect(.lparen, "`(` starting the parameter list")
        var params: [Parameter] = []
        while !at(.rparen) {
            let (name, range) = try expectIdentifier("a parameter name")
            var def: Expr?
            if accept(.assign) { def = try expression() }
            params.append(Parameter(name: name, range: range, defaultValue: def))
            if !accept(.comma) { break }
        }
        try expectClosing(.rparen, opening: open, "`,` or `)` in the parameter list")
        if accept(.assign) {
            skipLineBreaks()
            let body = try expression()
            return FunctionLiteral(params: params, body: .expression(body), range: SourceRange(start, body.range.end))
        }
        guard at(.lbrace) else { throw fail(expected: "`=` and an expression, or a `{` block, after the parameters") }
        let body = try block()
        return FunctionLiteral(params: params, body: .block(body), range: SourceRange(start, body.range.end))
    }
}

extension Parser {
    /// A parser over part of a file (a string interpolation).
    init(file: SourceFile, start: Int, end: Int) {
        var lexer = Lexer(file: file, start: start, end: end)
        self.tokens = lexer.tokenize().filter { $0.kind != .newline }
        self.file = file
        self.diagnostics = lexer.diagnostics
        self.comments = []
        self.startOffset = start
        self.endName = "the end of the interpolation"
    }
}
