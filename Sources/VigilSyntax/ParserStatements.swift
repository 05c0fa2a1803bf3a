/// Statements: `let`, assignment, `fn`, `if`/`else`, `for … in`, `return`, expressions.
extension Parser {
    mutating func statement() throws -> Stmt {
        let start = current.range.start
        switch current.kind {
        case .keyword(.let):
            advance()
            let (name, nameRange) = try expectIdentifier("a name after `let`")
            _ = try expect(.assign, "`=` after the name", hint: "write `let \(name) = value`")
            skipLineBreaks()
            let value = try expression()
            return Stmt(.let(name: name, nameRange: nameRange, value: value), SourceRange(start, value.range.end))
        case .keyword(.fn) where peekToken().kind != .symbol(.lparen):
            // Anything but `(` after `fn` is meant as a name: report a reserved word as such.
            advance()
            let (name, nameRange) = try expectIdentifier("a function name")
            let f = try functionRest(start: start)
            return Stmt(.function(FunctionDecl(name: name, nameRange: nameRange, function: f)), f.range)
        case .keyword(.if):
            return try ifStatement()
        case .keyword(.for):
            advance()
            let (name, nameRange) = try expectIdentifier("a loop variable after `for`")
            guard accept(.in) else { throw fail(expected: "`in` after the loop variable") }
            let iterable = try expression()
            let body = try block()
            return Stmt(.for(name: name, nameRange: nameRange, iterable: iterable, body: body), SourceRange(start, body.range.end))
        case .keyword(.return):
            advance()
            if current.kind == .newline || at(.semicolon) || at(.rbrace) || current.kind == .eof {
                return Stmt(.return(nil), SourceRange(start, previousEnd))
            }
            let value = try expression()
            return Stmt(.return(value), SourceRange(start, value.range.end))
        case .identifier(let name):
            let next = peekToken().kind
            let op: AssignOp? = switch next {
            case .symbol(.assign): .set
            case .symbol(.plusAssign): .add
            case .symbol(.minusAssign): .sub
            default: nil
            }
            if let op {
                let nameRange = advance().range
                advance()
                skipLineBreaks()
                let value = try expression()
                return Stmt(.assign(name: name, nameRange: nameRange, op: op, value: value), SourceRange(start, value.range.end))
            }
        default:
            break
        }
        let e = try expression()
        return Stmt(.expr(e), e.range)
    }

    private mutating func ifStatement() throws -> Stmt {
        let start = advance().range.start
        var branches = [IfBranch(condition: try expression(), body: try block())]
        var elseBlock: Block?
        while true {
            // `else` may start the next line after the closing brace.
            let save = index
            skipLineBreaks()
            guard accept(.else) else { index = save; break }
            if accept(.if) {
                branches.append(IfBranch(condition: try expression(), body: try block()))
            } else {
                elseBlock = try block()
                break
            }
        }
        return Stmt(.if(branches, else: elseBlock), SourceRange(start, previousEnd))
    }

    /// `{ stmt; stmt \n stmt }`; errors inside are reported and skipped statement by statement.
    mutating func block() throws -> Block {
        try descend(current.range)
        defer { depth -= 1 }
        let open = try expect(.lbrace, "`{` starting a block")
        var stmts: [Stmt] = []
        skipNewlines()
        while !at(.rbrace) {
            if current.kind == .eof {
                report("unclosed `{`", open.range, expected: "`}`", hint: "every `{` needs a matching `}`")
                throw ParseAbort()
            }
            let before = index
            do {
                stmts.append(try statement())
                try endStatement()
            } catch {
                if tooDeep { throw error }
                synchronize()
            }
            if index == before { advance() }
            skipNewlines()
        }
        let close = advance()
        return Block(stmts: stmts, range: SourceRange(open.range.start, close.range.end))
    }
}
