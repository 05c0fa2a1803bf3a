/// Declaration blocks (`service`, `canary`, `slo`, `budget`, `policy`, `runbook`, `test`,
/// `prices`, `simulate`), their items, and rules.
extension Parser {
    mutating func blockDecl(_ kind: BlockKind) throws -> BlockDecl {
        let start = advance().range.start
        var name: String?, nameRange: SourceRange?
        switch kind.nameStyle {
        case .identifier, .optionalIdentifier:
            if let w = current.word { name = w; nameRange = advance().range }
        case .string:
            let (n, r) = try expectString("a quoted name for the \(kind.rawValue)")
            name = n
            nameRange = r
        case .none:
            break
        }
        let open = try expect(.lbrace, "`{` starting the \(kind.rawValue) block")
        var items: [BlockItem] = []
        skipNewlines()
        while !at(.rbrace) {
            if current.kind == .eof {
                report("unclosed `{` of the \(kind.rawValue) block", open.range, expected: "`}`")
                throw ParseAbort()
            }
            let before = index
            do {
                items.append(contentsOf: kind == .prices ? try priceEntries() : [try blockItem()])
                try endStatement()
            } catch {
                if tooDeep { throw error }
                synchronize()
            }
            if index == before { advance() }
            skipNewlines()
        }
        let close = advance()
        return BlockDecl(kind: kind, name: name, nameRange: nameRange, items: items, range: SourceRange(start, close.range.end))
    }

    /// `db_query: $0.000002, api_call: $0.00001` — one or more entries on a line.
    private mutating func priceEntries() throws -> [BlockItem] {
        var out: [BlockItem] = []
        repeat {
            skipLineBreaks()
            if at(.rbrace) { break }
            let (key, keyRange) = try expectIdentifier("an operation name such as `db_query`")
            _ = try expect(.colon, "`:` after the operation name")
            let value = try expression()
            out.append(BlockItem(.setting(Setting(key: key, keyRange: keyRange, values: [value])),
                                 SourceRange(keyRange.start, value.range.end)))
        } while accept(.comma)
        return out
    }

    /// Whether a token can begin the value of a setting such as `bake 10m` or `stable "v1"`.
    /// Settings whose value is a record literal right after the key.
    static let recordSettings: Set<String> = ["labels", "annotations"]

    private func startsValue(_ t: Token) -> Bool {
        switch t.kind {
        case .identifier, .quantity, .string, .regex, .severity: true
        case .keyword(let k): [.true, .false, .none, .not, .fn].contains(k)
        case .symbol(let s): s == .lbracket
        default: false
        }
    }

    /// Whether `t` can start a `require`/`warn` condition: any value, a parenthesis, a minus,
    /// or a record literal (`require {weight: 10%}.weight == 0.1`).
    private func startsCondition(_ t: Token) -> Bool {
        startsValue(t) || [.symbol(.lparen), .symbol(.minus), .symbol(.lbrace)].contains(t.kind)
    }

    mutating func blockItem() throws -> BlockItem {
        let start = current.range.start
        func item(_ kind: BlockItemKind, _ p: Parser) -> BlockItem { BlockItem(kind, SourceRange(start, p.previousEnd)) }
        if at(.when) {
            let r = try ruleShorthand()
            return BlockItem(.rule(r), r.range)
        }
        guard let word = current.word else {
            let s = try statement()
            return BlockItem(.statement(s), s.range)
        }
        let next = peekToken()
        let nextIsString: Bool = { if case .string = next.kind { return true }; return false }()
        switch word {
        case "signal" where next.word != nil:
            advance()
            let (name, nameRange) = try expectIdentifier("a signal name")
            _ = try expect(.assign, "`=` after the signal name")
            skipLineBreaks()
            return item(.signal(name: name, nameRange: nameRange, value: try expression()), self)
        case "rule" where nextIsString:
            let r = try ruleBlock()
            return BlockItem(.rule(r), r.range)
        case "warn" where next.word == "at":
            advance(); advance()
            return item(.warnAt(try expression()), self)
        case "require" where next.word == "approval":
            advance(); advance()
            return item(.guardrail(try approvalGuardrail()), self)
        case "limit" where next.word != nil && peekToken(2).word == "to":
            advance()
            let (action, actionRange) = try expectIdentifier("an action's name, as in `limit rollback to 3 per 1h`")
            advance()
            let count = try expression()
            guard atWord("per") else { throw fail(expected: "`per` and a duration, as in `limit rollback to 3 per 1h`") }
            advance()
            return item(.guardrail(.rateLimit(action: action, actionRange: actionRange, count: count, period: try expression())), self)
        case "require" where startsCondition(next), "warn" where startsCondition(next):
            advance()
            let condition = try expression()
            var label: String?, labelRange: SourceRange?
            if case .string = current.kind {
                let (text, range) = try expectString("a label")
                label = text
                labelRange = range
            }
            let level: RequirementLevel = word == "require" ? .require : .warn
            return item(.requirement(Requirement(level: level, condition: condition, label: label, labelRange: labelRange)), self)
        case "on" where next.word != nil:
            advance()
            let event = advance()
            return item(.hook(event: event.word!, eventRange: event.range, actions: try actionList()), self)
        case "step" where nextIsString:
            advance()
            let (title, titleRange) = try expectString("a step title")
            return item(.step(title: title, titleRange: titleRange, body: try block()), self)
        case "trigger" where next.kind == .keyword(.when):
            advance()
            return item(.trigger(try ruleShorthand()), self)
        case "verify" where next.kind != .symbol(.assign):
            advance()
            let condition = try expression()
            var within: Expr?
            if atWord("within") { advance(); within = try expression() }
            return item(.verify(condition: condition, within: within), self)
        case "latency" where startsValue(next):
            advance()
            let selector = try expression()
            guard atWord("below") else { throw fail(expected: "`below` and a duration, as in `latency series(…) below 300ms`") }
            advance()
            return item(.latency(selector: selector, threshold: try expression()), self)
        case "exclude" where startsValue(next):
            // `exclude [daily|weekly] @from to @to` in an slo: a maintenance window, kept as
            // a setting whose values are the recurrence (if any), the start and the end.
            let keyRange = advance().range
            var values: [Expr] = []
            if let recurrence = current.word, ["daily", "weekly"].contains(recurrence) {
                values.append(Expr(.name(recurrence), advance().range))
            }
            values.append(try expression())
            guard atWord("to") else { throw fail(expected: "`to` and the end, as in `exclude @2026-01-10T02:00Z to @2026-01-10T04:00Z`") }
            advance()
            values.append(try expression())
            return item(.setting(Setting(key: "exclude", keyRange: keyRange, values: values)), self)
        case "limit" where startsValue(next):
            advance()
            let amount = try expression()
            guard atWord("per") else { throw fail(expected: "`per` and a period, as in `limit $1800 per month`") }
            advance()
            let (period, periodRange) = try expectIdentifier("a period: day, week or month")
            return item(.limit(amount: amount, period: period, periodRange: periodRange), self)
        case "at" where startsValue(next):
            advance()
            let time = try expression()
            guard atWord("expect") else { throw fail(expected: "`expect` and a state, as in `at 5m expect firing \"rule\"`") }
            advance()
            let (state, stateRange) = try expectIdentifier("a rule state: inactive, pending, firing or nodata")
            return item(.expectState(at: time, state: state, stateRange: stateRange, rule: try expression()), self)
        case "expect" where next.word == "action":
            advance(); advance()
            let action = try expression()
            var time: Expr?
            if atWord("at") { advance(); time = try expression() }
            return item(.expectAction(action: action, at: time), self)
        default:
            break
        }
        if next.kind == .symbol(.assign) {
            let nameRange = advance().range
            advance()
            skipLineBreaks()
            return item(.binding(name: word, nameRange: nameRange, value: try expression()), self)
        }
        // `labels { team: "payments" }`: the settings whose value is a record, written as rules write them.
        if startsValue(next) || (Self.recordSettings.contains(word) && next.kind == .symbol(.lbrace)) {
            let keyRange = advance().range
            var values = [try expression()]
            while accept(.comma) { values.append(try expression()) }
            return item(.setting(Setting(key: word, keyRange: keyRange, values: values)), self)
        }
        if next.kind == .symbol(.lparen) || next.kind == .symbol(.dot) {
            // A call, or test data: `series("x", code: "500") = "0+30x120"`.
            let e = try expression()
            if accept(.assign) {
                return item(.seriesData(selector: e, notation: try expression()), self)
            }
            return BlockItem(.statement(Stmt(.expr(e), e.range)), e.range)
        }
        let s = try statement()
        return BlockItem(.statement(s), s.range)
    }

    /// After `require approval`: `for exec`, `for rollback`, or `for actions above $100`.
    private mutating func approvalGuardrail() throws -> GuardrailDecl {
        guard atWord("for") || at(.for) else {
            throw fail(expected: "`for` and an action, as in `require approval for exec` or `for actions above $100`")
        }
        advance()
        if atWord("actions") && peekToken().word == "above" {
            advance(); advance()
            return .approvalAbove(cost: try expression())
        }
        let (action, actionRange) = try expectIdentifier("an action's name or `actions above $100`")
        return .approvalFor(action: action, actionRange: actionRange)
    }

    /// `a, b(…), c` after `then`, `resolve` or `on EVENT`.
    mutating func actionList() throws -> [Expr] {
        var actions = [try expression()]
        while accept(.comma) { actions.append(try expression()) }
        return actions
    }

    /// `when e [for d] [keep_firing_for d] [then actions] [resolve actions]`.
    mutating func ruleShorthand() throws -> RuleDecl {
        let start = advance().range.start  // `when`
        var rule = RuleDecl(name: nil, nameRange: nil, condition: try expression(), forDuration: nil, keepFiringFor: nil,
                            every: nil, actions: [], resolveActions: [], settings: [], isShorthand: true,
                            range: .none)
        if accept(.for) { rule.forDuration = try expression() }
        if atWord("keep_firing_for") { advance(); rule.keepFiringFor = try expression() }
        if accept(.then) { rule.actions = try actionList() }
        if accept(.resolve) { rule.resolveActions = try actionList() }
        rule.range = SourceRange(start, previousEnd)
        return rule
    }

    /// `rule "name" { every …  when …  for …  keep_firing_for …  then …  resolve …  key value }`.
    mutating func ruleBlock() throws -> RuleDecl {
        let start = advance().range.start  // `rule`
        let (name, nameRange) = try expectString("a quoted rule name")
        let open = try expect(.lbrace, "`{` starting the rule")
        var rule = RuleDecl(name: name, nameRange: nameRange, condition: Expr(.invalid, nameRange), forDuration: nil,
                            keepFiringFor: nil, every: nil, actions: [], resolveActions: [], settings: [],
                            isShorthand: false, range: .none)
        var sawWhen = false
        skipNewlines()
        while !at(.rbrace) {
            if current.kind == .eof { report("unclosed `{` of the rule", open.range, expected: "`}`"); throw ParseAbort() }
            let before = index
            do {
                try ruleClause(&rule, sawWhen: &sawWhen)
                try endStatement()
            } catch {
                if tooDeep { throw error }
                synchronize()
            }
            if index == before { advance() }
            skipNewlines()
        }
        advance()
        rule.range = SourceRange(start, previousEnd)
        if !sawWhen {
            report("rule \"\(name)\" has no `when` condition", nameRange, expected: "a line `when <condition>` in the rule")
        }
        return rule
    }

    private mutating func ruleClause(_ rule: inout RuleDecl, sawWhen: inout Bool) throws {
        if at(.when) {
            let inner = try ruleShorthand()
            rule.condition = inner.condition
            if let f = inner.forDuration { rule.forDuration = f }
            if let k = inner.keepFiringFor { rule.keepFiringFor = k }
            rule.actions += inner.actions
            rule.resolveActions += inner.resolveActions
            sawWhen = true
        } else if accept(.for) {
            rule.forDuration = try expression()
        } else if accept(.then) {
            rule.actions += try actionList()
        } else if accept(.resolve) {
            rule.resolveActions += try actionList()
        } else if atWord("every") {
            advance()
            rule.every = try expression()
        } else if atWord("keep_firing_for") {
            advance()
            rule.keepFiringFor = try expression()
        } else if let key = current.word {
            let keyRange = advance().range
            var values = [try expression()]
            while accept(.comma) { values.append(try expression()) }
            rule.settings.append(Setting(key: key, keyRange: keyRange, values: values))
        } else {
            throw fail(expected: "a rule clause: every, when, for, keep_firing_for, then, resolve, or a setting")
        }
    }
}
