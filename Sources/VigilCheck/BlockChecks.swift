import VigilSyntax

/// Declaration blocks: which feature each needs, which items belong in which block, and the
/// scope each opens (a service's signals, a canary's settings, an slo's bindings).
extension CheckPass {
    static let canaryEvents = ["promote", "rollback", "step", "pause", "abort"]
    static let ruleStates = ["inactive", "pending", "firing", "nodata"]
    static let budgetPeriods = ["day", "week", "month"]
    static let sloBindings = ["good", "bad", "total"]

    func checkBlockDecl(_ block: BlockDecl) {
        let keyword = SourceRange(block.range.start, block.range.start + block.kind.rawValue.utf8.count)
        let schema = surface.blocks[block.kind]
        require(schema?.feature ?? .core, for: "`\(block.kind.rawValue)` blocks are", keyword)
        let owner = "\(block.kind == .slo ? "an" : "a") \(block.kind.rawValue)"
        withContext({
            $0.blockKind = block.kind
            if block.kind == .service || block.kind == .canary { $0.enclosingTarget = block.name }
            if block.kind == .policy { $0.pureContext = "a policy" }
            if block.kind == .slo { $0.pureContext = "an slo" }
        }) {
            // A block's code runs in frames of its own (the runtime compiles each of its
            // expressions and statements apart), never in the top-level statements' frame.
            withScope(frame: FrameLayout(parent: nil)) {
                declareBlockNames(block)
                var settings: [Setting] = []
                for item in block.items {
                    if case .setting(let s) = item.kind { settings.append(s) } else { checkItem(item, in: block) }
                }
                if block.kind == .prices {
                    for s in settings { s.values.forEach { checkQuantity($0, .money, for: s.key, example: "$0.0004") } }
                } else {
                    checkSettings(settings, schema: schema?.settings ?? [], owner: owner)
                }
            }
        }
    }

    /// Signals are bare inside their service and inside the canary of the same name; a
    /// canary's versions, status and weight are readable in its hooks (`"{candidate} at {weight}"`).
    private func declareBlockNames(_ block: BlockDecl) {
        // A runbook names its service with a setting (`service api`), and reads its signals bare.
        if block.kind == .runbook, let service = Self.serviceSetting(block), let symbol = globals.lookup(service),
           case .service(let signals) = symbol.kind {
            for signal in signals.values { scope.declare(signal) }
        }
        // The label set whose firing started the run (`vigil watch`), as a record; empty by hand.
        if block.kind == .runbook {
            scope.declare(Symbol(name: "trigger_labels", kind: .setting, type: .record, file: file, range: block.nameRange ?? block.range))
        }
        guard let name = block.name else { return }
        if block.kind == .service || block.kind == .canary,
           let service = globals.lookup(name), case .service(let signals) = service.kind {
            for signal in signals.values { scope.declare(signal) }
        }
        if block.kind == .canary {
            for key in ["stable", "candidate", "version_label", "status"] {
                scope.declare(Symbol(name: key, kind: .setting, type: .string, file: file, range: block.nameRange ?? block.range))
            }
            // The candidate's current share of traffic, as a hook sees it when it runs.
            scope.declare(Symbol(name: "weight", kind: .setting, type: .quantity(.number), file: file, range: block.nameRange ?? block.range))
        }
    }

    /// The service a block names with `service NAME`.
    static func serviceSetting(_ block: BlockDecl) -> String? {
        for item in block.items {
            if case .setting(let s) = item.kind, s.key == "service", case .name(let n)? = s.values.first?.kind { return n }
        }
        return nil
    }

    private func misplaced(_ what: String, _ allowed: String, _ range: SourceRange) {
        error("\(what) is only allowed in \(allowed)", range)
    }

    private func checkItem(_ item: BlockItem, in block: BlockDecl) {
        let kind = block.kind
        switch item.kind {
        case .setting: break
        case .statement(let stmt): checkStmt(stmt)
        case .binding(let name, let nameRange, let value):
            guard kind == .slo else {
                checkStmt(Stmt(.assign(name: name, nameRange: nameRange, op: .set, value: value), item.range))
                return
            }
            if !Self.sloBindings.contains(name) {
                error("unknown binding `\(name)` in an slo", nameRange, expected: "`good`, `bad` or `total`",
                      hint: Spelling.hint(for: name, in: Self.sloBindings))
            }
            // Each binding is a selector on its own: the runtime compiles it apart from the
            // others, so it declares no name the others could read.
            _ = infer(value)
        case .signal(let name, _, let value):
            guard kind == .service else { return misplaced("`signal`", "a service", item.range) }
            let t = withContext({ $0.pureContext = "a signal" }) { infer(value) }
            if let service = block.name { signalTypes["\(service).\(name)"] = t }
        case .rule(let rule):
            guard kind == .service || kind == .canary else {
                return misplaced("a rule", "a service, a canary or at the top level", item.range)
            }
            // A canary runs its own rules; only rules elsewhere need the general rule engine.
            withContext({ $0.pureContext = nil }) { checkRule(rule, needsRuleEngine: kind != .canary) }
        case .requirement(let req):
            guard kind == .policy else { return misplaced("`\(req.level.rawValue)`", "a policy", item.range) }
            checkCondition(req.condition, keyword: req.level.rawValue)
        case .hook(let event, let eventRange, let actions):
            guard kind == .canary else { return misplaced("`on`", "a canary", item.range) }
            if !Self.canaryEvents.contains(event) {
                error("unknown canary event `\(event)`", eventRange, expected: Self.canaryEvents.map { "`\($0)`" }.joined(separator: ", "),
                      hint: Spelling.hint(for: event, in: Self.canaryEvents))
            }
            actions.forEach { checkAction($0, after: "on \(event)") }
        case .step(_, _, let body):
            guard kind == .runbook else { return misplaced("`step`", "a runbook", item.range) }
            // A runbook step acts: its actions go through the runbook runner's action adapter.
            withContext({ $0.actionsAreRecorded = options.available.contains(.runbook) }) { checkBody(body) }
        case .guardrail(let guardrail):
            guard kind == .runbook else { return misplaced("a guardrail", "a runbook", item.range) }
            checkGuardrail(guardrail)
        case .trigger(let rule):
            guard kind == .runbook else { return misplaced("`trigger`", "a runbook", item.range) }
            checkRule(rule, needsRuleEngine: false)
        case .verify(let condition, let within):
            guard kind == .runbook else { return misplaced("`verify`", "a runbook", item.range) }
            checkCondition(condition, keyword: "verify")
            if let within { checkQuantity(within, .duration, for: "within", example: "10m") }
        case .latency(let selector, let threshold):
            guard kind == .slo else { return misplaced("`latency … below`", "an slo", item.range) }
            infer(selector)
            checkQuantity(threshold, .duration, for: "below", example: "300ms")
        case .limit(let amount, let period, let periodRange):
            guard kind == .budget else { return misplaced("`limit`", "a budget", item.range) }
            checkQuantity(amount, .money, for: "limit", example: "$1800")
            if !Self.budgetPeriods.contains(period) {
                error("unknown period `\(period)`", periodRange, expected: "`day`, `week` or `month`",
                      hint: Spelling.hint(for: period, in: Self.budgetPeriods))
            }
        case .warnAt(let share):
            guard kind == .budget else { return misplaced("`warn at`", "a budget", item.range) }
            checkPercent(share, "warn at")
        case .seriesData(let selector, let notation):
            guard kind == .test || kind == .simulate else { return misplaced("series data", "a test or a simulate block", item.range) }
            infer(selector)
            if infer(notation) != .string { error("series data needs promtool notation in a string, such as \"0+30x120\"", notation.range) }
        case .expectState(let at, let state, let stateRange, let rule):
            guard kind == .test else { return misplaced("`at … expect`", "a test", item.range) }
            checkQuantity(at, .duration, for: "at", example: "5m")
            if !Self.ruleStates.contains(state) {
                error("unknown rule state `\(state)`", stateRange, expected: Self.ruleStates.map { "`\($0)`" }.joined(separator: ", "),
                      hint: Spelling.hint(for: state, in: Self.ruleStates))
            }
            infer(rule)
        case .expectAction(let action, let at):
            guard kind == .test else { return misplaced("`expect action`", "a test", item.range) }
            checkExpectedAction(action)
            if let at { checkQuantity(at, .duration, for: "at", example: "7m30s") }
        }
    }

    /// `expect action page("checkout-oncall")` is a pattern to match, not a call: it names an
    /// action and may give only some of its arguments.
    private func checkExpectedAction(_ action: Expr) {
        var callee = action
        if case .call(let c, let args) = action.kind {
            callee = c
            args.forEach { infer($0.value) }
        }
        guard case .name(let name) = callee.kind, surface.lookup(name).contains(where: \.hasEffect) else {
            let actions = surface.builtins.filter(\.hasEffect).map(\.name)
            let name: String = { if case .name(let n) = callee.kind { return n }; return "" }()
            error("`expect action` needs an action such as page(\"oncall\")", callee.range,
                  hint: Spelling.hint(for: name, in: actions))
            return
        }
    }
}
