import VigilEngines
import VigilRuntime
import VigilSeries
import VigilSyntax

/// A `canary checkout { … }` block read into what the engine needs: versions, the label
/// that tells them apart, the coordinator's plan, the rules, the judge and the hooks.
/// Setting values are evaluated once, when the canary is declared.
public struct CanaryPlan {
    public let name: String
    public let stable: String
    public let candidate: String
    public let versionLabel: String
    public let configuration: CanaryConfiguration
    public let rules: [RuleDecl]
    /// `judge mann_whitney(signal, confidence:, allowed_increase:)`, as written.
    public let judge: Expr?
    /// `traffic haproxy(…)`, `traffic webhook(…)` or `traffic exec(…)`, as written: where the weights go.
    public let traffic: Expr?
    /// `on EVENT action, …` per event, in source order.
    public let hooks: [String: [Expr]]
    public let decl: BlockDecl
    public let file: SourceFile

    /// Reads the block; `evaluate` computes a setting's value (a constant expression).
    init(_ decl: BlockDecl, file: SourceFile, evaluate: @escaping (Expr) throws -> Value) throws {
        self.decl = decl
        self.file = file
        name = decl.name ?? ""
        var rules: [RuleDecl] = [], hooks: [String: [Expr]] = [:]
        for item in decl.items {
            switch item.kind {
            case .rule(let r): rules.append(r)
            case .hook(let event, _, let actions): hooks[event, default: []] += actions
            default: break
            }
        }
        // Every default is the one `CanaryBinding.block` declares.
        let settings = BlockSettings(decl, schema: CanaryBinding.block, file: file, evaluate: evaluate)
        stable = try settings.string("stable")
        candidate = try settings.string("candidate")
        versionLabel = try settings.string("version_label")
        if stable == candidate {
            throw settings.fail("stable and candidate are both \"\(stable)\"; a canary compares two versions", decl.nameRange ?? decl.range)
        }
        let (word, wordRange) = try settings.word("strategy")
        guard let strategy = DeliveryStrategy(rawValue: word) else {
            throw settings.fail("unknown strategy `\(word)`", wordRange ?? decl.range)
        }
        judge = settings.expression("judge")
        traffic = settings.expression("traffic")
        do {
            configuration = try CanaryConfiguration(
                strategy: strategy, steps: try settings.percents("steps"), bake: try settings.duration("bake"),
                analysisInterval: try settings.duration("every"), requiresJudge: judge != nil)
        } catch let e as CanaryError {
            throw settings.fail("canary `\(name)`: \(e.message)", settings.setting("steps")?.keyRange ?? decl.nameRange ?? decl.range)
        }
        self.rules = rules
        self.hooks = hooks
    }

    /// The matcher that narrows a selection to one version.
    func matcher(for version: String) -> LabelMatcher { .equal(versionLabel, version) }

    /// What an evaluation of `version` is narrowed to (`Evaluation.narrowing`).
    func pin(for version: String) -> LabelPin { LabelPin(versionLabel, version) }

    /// What a user calls the rule: its name, or the condition as written.
    func ruleName(_ rule: RuleDecl) -> String {
        rule.name ?? file.slice(rule.condition.range)
    }
}
