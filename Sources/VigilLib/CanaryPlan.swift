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
    /// `on EVENT action, …` per event, in source order.
    public let hooks: [String: [Expr]]
    public let decl: BlockDecl
    public let file: SourceFile

    /// Reads the block; `evaluate` computes a setting's value (a constant expression).
    init(_ decl: BlockDecl, file: SourceFile, evaluate: (Expr) throws -> Value) throws {
        self.decl = decl
        self.file = file
        name = decl.name ?? ""
        var settings: [String: Setting] = [:]
        var rules: [RuleDecl] = [], hooks: [String: [Expr]] = [:]
        for item in decl.items {
            switch item.kind {
            case .setting(let s): settings[s.key] = s
            case .rule(let r): rules.append(r)
            case .hook(let event, _, let actions): hooks[event, default: []] += actions
            default: break
            }
        }
        func fail(_ message: String, _ range: SourceRange) -> RuntimeError {
            RuntimeError(message, file: file, range: range)
        }
        func string(_ key: String, default fallback: String?) throws -> String {
            guard let s = settings[key], let e = s.values.first else {
                if let fallback { return fallback }
                throw fail("canary `\(decl.name ?? "")` needs `\(key)`, e.g. `\(key) \"v1.4.2\"`", decl.nameRange ?? decl.range)
            }
            guard case .string(let text) = try evaluate(e), !text.isEmpty else {
                throw fail("`\(key)` needs a non-empty string such as \"v1.4.2\"", e.range)
            }
            return text
        }
        func seconds(_ key: String, default fallback: Double) throws -> Milliseconds {
            guard let e = settings[key]?.values.first else { return Milliseconds(fallback * 1000) }
            guard case .number(let v, let unit) = try evaluate(e), unit.dimension == .duration, v >= 0 else {
                throw fail("`\(key)` needs a duration such as 10m", e.range)
            }
            return Milliseconds((v * 1000).rounded())
        }
        stable = try string("stable", default: nil)
        candidate = try string("candidate", default: nil)
        versionLabel = try string("version_label", default: "version")
        if stable == candidate {
            throw fail("stable and candidate are both \"\(stable)\"; a canary compares two versions", decl.nameRange ?? decl.range)
        }
        var steps = CanaryConfiguration.defaultSteps
        if let s = settings["steps"] {
            steps = try s.values.map { e in
                guard case .number(let v, _) = try evaluate(e) else { throw fail("a step weight must be a percent such as 10%", e.range) }
                return v
            }
        }
        var strategy = DeliveryStrategy.canary
        if let e = settings["strategy"]?.values.first, case .name(let word) = e.kind {
            guard let chosen = DeliveryStrategy(rawValue: word) else { throw fail("unknown strategy `\(word)`", e.range) }
            strategy = chosen
        }
        judge = settings["judge"]?.values.first
        do {
            configuration = try CanaryConfiguration(
                strategy: strategy, steps: steps, bake: try seconds("bake", default: 600),
                analysisInterval: try seconds("every", default: 60), requiresJudge: judge != nil)
        } catch let e as CanaryError {
            throw fail("canary `\(name)`: \(e.message)", settings["steps"]?.keyRange ?? decl.nameRange ?? decl.range)
        }
        self.rules = rules
        self.hooks = hooks
    }

    /// The matcher that narrows a selection to one version.
    func matcher(for version: String) -> LabelMatcher { .equal(versionLabel, version) }

    /// What a user calls the rule: its name, or the condition as written.
    func ruleName(_ rule: RuleDecl) -> String {
        rule.name ?? file.slice(rule.condition.range)
    }
}
