import VigilCheck
import VigilRuntime
import VigilSeries
import VigilSyntax

/// A rule ready to evaluate: its condition compiled once (with the service's signals bare
/// when it sits in a service), its constant durations, and its actions.
public final class CompiledRule {
    /// An action slot after `then` or `resolve`.
    enum Action {
        /// `page("oncall", "summary")`: evaluated, so the action builtin records it.
        case call(CompiledExpression)
        /// `then rollback` inside `service checkout`: rollback on that service.
        case bare(name: String, target: String)
    }

    /// `rule "name"`'s name; a one-line rule is named by its condition's text, prefixed with
    /// its service (`checkout: error_rate > 1%`).
    public let name: String
    /// The service the rule sits in, if any.
    public let service: String?
    public let decl: RuleDecl
    public let file: SourceFile
    /// `every`, nil when the rule does not set it.
    public let every: Milliseconds?
    public let forDuration: Milliseconds
    public let keepFiringFor: Milliseconds
    let condition: CompiledExpression
    /// The kernel the condition compiled to, when it has the kernel shape: a replay may then
    /// evaluate the rule on its own thread (`RuleByRuleReplay`).
    var direct: DirectCondition? { condition.kernel as? DirectCondition }
    /// Whether the condition compiled to a kernel.
    public var hasDirectCondition: Bool { direct != nil }
    /// The condition as burn-rate kernels joined by `and`/`or` (`alert multiwindow`'s rules),
    /// when it is one: a replay may evaluate the rule on its own thread, too.
    private(set) lazy var burnRates = BurnRateCondition(decl.condition, kernels: condition.kernels)
    /// Whether the condition is burn-rate kernels joined by `and`/`or`.
    public var hasBurnRateCondition: Bool { burnRates != nil }
    /// Whether a replay may evaluate the rule on its own thread (`RuleByRuleReplay`).
    public var replaysOnItsOwn: Bool { hasDirectCondition || burnRates != nil }
    let actions: [Action]
    let resolveActions: [Action]
    /// The settings that decorate its alerts (`labels {…}`, `runbook "…"`), compiled by key.
    var decorationCode: [String: CompiledExpression] = [:]
    /// The runbook this rule is the `trigger` of: firing starts it (`vigil watch`).
    public internal(set) var startsRunbook: String?

    init(name: String, service: String?, decl: RuleDecl, file: SourceFile, every: Milliseconds?, forDuration: Milliseconds,
         keepFiringFor: Milliseconds, condition: CompiledExpression, actions: [Action],
         resolveActions: [Action]) {
        self.name = name
        self.service = service
        self.decl = decl
        self.file = file
        self.every = every
        self.forDuration = forDuration
        self.keepFiringFor = keepFiringFor
        self.condition = condition
        self.actions = actions
        self.resolveActions = resolveActions
    }
}

extension VigilSession {
    /// Compiles every rule of the loaded programs: top-level `when … then …` and `rule "…" { … }`,
    /// and the rules inside `service` blocks. Rules in canaries belong to the canary engine.
    /// Throws a located `RuntimeError` for a `for`, `keep_firing_for` or `every` that is not a
    /// constant duration.
    public func compileRules() throws -> [CompiledRule] {
        var out: [CompiledRule] = []
        for (decl, file) in interpreter.rules {
            out.append(try compileRule(decl, in: file, service: nil))
        }
        for (block, file) in interpreter.blocks where block.kind == .service {
            let service = block.name.flatMap { services[$0] }
            for item in block.items {
                if case .rule(let rule) = item.kind { out.append(try compileRule(rule, in: file, service: service)) }
            }
        }
        out += try runbookTriggers()
        // Source order, so reports list rules the way the file does.
        return out.sorted { ($0.file.path, $0.decl.range.start) < ($1.file.path, $1.decl.range.start) }
    }

    /// Each runbook's `trigger when … for …`, as a rule named after the runbook that starts it when it fires.
    private func runbookTriggers() throws -> [CompiledRule] {
        var out: [CompiledRule] = []
        for (block, file) in runbookDeclarations {
            let service = block.items.lazy.compactMap { item -> ServiceObject? in
                guard case .setting(let s) = item.kind, s.key == "service", case .name(let n)? = s.values.first?.kind else { return nil }
                return self.services[n]
            }.first
            for item in block.items {
                guard case .trigger(var rule) = item.kind else { continue }
                rule.name = "trigger of runbook \(block.name ?? "")"
                let compiled = try compileRule(rule, in: file, service: service)
                compiled.startsRunbook = block.name
                out.append(compiled)
            }
        }
        return out
    }

    private func compileRule(_ decl: RuleDecl, in file: SourceFile, service: ServiceObject?) throws -> CompiledRule {
        let environment = environment(inService: service)
        let name = decl.name ?? ((service.map { "\($0.name): " } ?? "") + file.slice(decl.condition.range))
        let every = try decl.every.map { try Self.constantDuration($0, "every", file, positive: true) }
        let forDuration = try decl.forDuration.map { try Self.constantDuration($0, "for", file) } ?? 0
        let keep = try decl.keepFiringFor.map { try Self.constantDuration($0, "keep_firing_for", file) } ?? 0
        let condition = try interpreter.compile(decl.condition, in: file, environment: environment)
        func action(_ e: Expr) throws -> CompiledRule.Action {
            if case .name(let n) = e.kind, let service, ActionLog.recordable.contains(where: { $0.name == n }) {
                return .bare(name: n, target: service.name)
            }
            return .call(try interpreter.compile(e, in: file, environment: environment))
        }
        let compiled = CompiledRule(name: name, service: service?.name, decl: decl, file: file, every: every,
                                    forDuration: forDuration, keepFiringFor: keep, condition: condition,
                                    actions: try decl.actions.map(action),
                                    resolveActions: try decl.resolveActions.map(action))
        for setting in decl.settings where AlertDecoration.decorates(setting.key) {
            guard let value = setting.values.first else { continue }
            compiled.decorationCode[setting.key] = try interpreter.compile(value, in: file, environment: environment)
        }
        return compiled
    }

    /// A duration written as a literal (`5m`, `1h30m`), in milliseconds.
    static func constantDuration(_ e: Expr, _ keyword: String, _ file: SourceFile, positive: Bool = false) throws -> Milliseconds {
        // Positive means at least a millisecond: a schedule cannot step by less.
        if positive, case .quantity(let q) = e.kind, q.dimension == .duration, q.value >= 0, q.value < 0.0005 {
            throw RuntimeError("`\(keyword)` must be at least 1ms, got \(q)",
                               hint: "a schedule counts whole milliseconds, so a shorter step would never advance",
                               file: file, range: e.range)
        }
        guard case .quantity(let q) = e.kind, q.dimension == .duration, q.value >= 0, !positive || q.value >= 0.0005 else {
            throw RuntimeError("`\(keyword)` needs a constant \(positive ? "positive " : "")duration such as \(keyword == "every" ? "30s" : "5m")",
                               hint: "rule timing is fixed when the rule is loaded, so it cannot be computed",
                               file: file, range: e.range)
        }
        return try TimeSpanCheck.milliseconds(q.value, file: file, range: e.range)
    }
}
