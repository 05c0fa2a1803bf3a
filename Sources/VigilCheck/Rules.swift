import VigilSyntax

/// Rules (`when … for … then …`), runbook triggers, and the actions after `then`,
/// `resolve` and `on EVENT`.
extension CheckPass {
    func checkRule(_ rule: RuleDecl, needsRuleEngine: Bool = true) {
        if needsRuleEngine {
            require(.rules, for: "rules are", SourceRange(rule.range.start, rule.range.start + 4))
        }
        if case .invalid = rule.condition.kind {} else { checkCondition(rule.condition, keyword: "when") }
        if let d = rule.forDuration { checkQuantity(d, .duration, for: "for", example: "5m") }
        if let d = rule.keepFiringFor { checkQuantity(d, .duration, for: "keep_firing_for", example: "5m") }
        if let d = rule.every { checkQuantity(d, .duration, for: "every", example: "30s") }
        checkSettings(rule.settings, schema: SettingsSchema.rule, owner: "a rule")
        withContext({ $0.actionsAreRecorded = needsRuleEngine && options.available.contains(.rules) }) {
            for action in rule.actions { checkAction(action, after: "then") }
            for action in rule.resolveActions { checkAction(action, after: "resolve") }
        }
    }

    /// An action slot holds a call, or the bare name of an action of the enclosing canary or service.
    func checkAction(_ e: Expr, after keyword: String) {
        let saved = context.pureContext
        context.pureContext = nil
        defer { context.pureContext = saved }
        switch e.kind {
        case .call:
            infer(e)
        case .name(let name) where scope.lookup(name) == nil && !surface.lookup(name).isEmpty:
            recordResolution(.builtin(name, overloads: nil), name, at: e.range)  // run as a call without arguments
            let bare = surface.lookup(name).first { $0.isBareAction }
            guard let bare else {
                error("`\(name)` is not an action that can stand alone after `\(keyword)`", e.range,
                      hint: "call it with its arguments: \(surface.lookup(name)[0].signature)")
                return
            }
            guard context.enclosingTarget != nil else {
                error("a bare `\(name)` after `\(keyword)` needs an enclosing canary or service", e.range,
                      hint: "name what to act on: \(name)(\"checkout\")")
                return
            }
            require(bare.feature, for: "`\(name)` is", e.range)
            noteEffect(name, e.range)
        default:
            infer(e)
            error("`\(keyword)` needs an action, such as `rollback` or `page(\"oncall\", \"summary\")`", e.range,
                  hint: "actions: rollback, promote, pause, resume, abort, kill_switch, set_weight, page, notify, open_incident, …")
        }
    }
}
