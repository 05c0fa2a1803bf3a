// Top-level declarations and the items inside declaration blocks.

/// One parsed `.vigil` file.
public struct Program: Sendable {
    public var file: SourceFile
    public var decls: [Decl]
    public var comments: [Comment]

    public init(file: SourceFile, decls: [Decl], comments: [Comment] = []) {
        self.file = file
        self.decls = decls
        self.comments = comments
    }

    /// The expression when the program is exactly one expression statement: the REPL shows
    /// the value of `1 + 2` and runs `let x = 1`.
    public var loneExpression: Expr? {
        guard decls.count == 1, case .statement(let stmt) = decls[0].kind, case .expr(let e) = stmt.kind else { return nil }
        return e
    }
}

public struct Decl: Sendable {
    public var kind: DeclKind
    public var range: SourceRange
    public init(_ kind: DeclKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public enum DeclKind: Sendable {
    case statement(Stmt)
    case `import`(ImportDecl)
    case block(BlockDecl)
    case rule(RuleDecl)
    case receiver(ReceiverDecl)
}

/// `import "std/slo"`, `import "./common.vigil" as common`.
public struct ImportDecl: Sendable {
    public var path: String
    public var pathRange: SourceRange
    public var alias: String?
    public var aliasRange: SourceRange?
}

/// `receiver "checkout-oncall" alertmanager("http://127.0.0.1:9093")`.
public struct ReceiverDecl: Sendable {
    public var name: String
    public var nameRange: SourceRange
    public var target: Expr
}

/// The declaration blocks; each is a keyword, an optional name and a list of items.
public enum BlockKind: String, Sendable, CaseIterable {
    case service, canary, slo, budget, policy, runbook, test, prices, simulate

    /// Whether the block is named by an identifier (`service checkout`) or a string (`policy "gates"`).
    public var nameStyle: NameStyle {
        switch self {
        case .service, .canary, .slo, .budget: .identifier
        case .policy, .runbook, .test: .string
        case .prices: .none
        case .simulate: .optionalIdentifier
        }
    }

    public enum NameStyle: Sendable { case identifier, string, none, optionalIdentifier }
}

public struct BlockDecl: Sendable {
    public var kind: BlockKind
    public var name: String?
    public var nameRange: SourceRange?
    public var items: [BlockItem]
    public var range: SourceRange
}

public struct BlockItem: Sendable {
    public var kind: BlockItemKind
    public var range: SourceRange
    public init(_ kind: BlockItemKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public enum BlockItemKind: Sendable {
    /// `bake 10m`, `steps 10%, 50%, 100%`, `stable "v1.4.2"`, `severity P1`, and `key: value` in `prices`.
    case setting(Setting)
    /// `good = series(…)` inside an `slo`.
    case binding(name: String, nameRange: SourceRange, value: Expr)
    /// `signal error_rate = …`
    case signal(name: String, nameRange: SourceRange, value: Expr)
    case rule(RuleDecl)
    /// `require e "label"` / `warn e "label"` in a policy.
    case requirement(Requirement)
    /// `on promote notify(…)` in a canary.
    case hook(event: String, eventRange: SourceRange, actions: [Expr])
    /// `step "title" { … }` in a runbook.
    case step(title: String, titleRange: SourceRange, body: Block)
    /// `trigger when e for d` in a runbook.
    case trigger(RuleDecl)
    /// `verify e within d` in a runbook.
    case verify(condition: Expr, within: Expr?)
    /// `latency series(…) below 300ms` in an slo.
    case latency(selector: Expr, threshold: Expr)
    /// `limit $1800 per month` in a budget.
    case limit(amount: Expr, period: String, periodRange: SourceRange)
    /// `warn at 80%` in a budget.
    case warnAt(Expr)
    /// `series(…) = "0+30x120"` in a test.
    case seriesData(selector: Expr, notation: Expr)
    /// `at 5m expect pending "rule name"` in a test.
    case expectState(at: Expr, state: String, stateRange: SourceRange, rule: Expr)
    /// `expect action page("oncall") at 7m30s` in a test.
    case expectAction(action: Expr, at: Expr?)
    /// `limit rollback to 3 per 1h`, `require approval for exec` in a runbook.
    case guardrail(GuardrailDecl)
    /// `let`, `fn`, `if`, `for` and expression statements inside a block.
    case statement(Stmt)
}

/// A guardrail on the actions a runbook takes.
public enum GuardrailDecl: Sendable {
    /// `limit page to 10 per 1h`: at most `count` of that action per `period` (per receiver
    /// for an action that names one).
    case rateLimit(action: String, actionRange: SourceRange, count: Expr, period: Expr)
    /// `require approval for exec` (or any action's name).
    case approvalFor(action: String, actionRange: SourceRange)
    /// `require approval for actions above $100`.
    case approvalAbove(cost: Expr)
}

public struct Setting: Sendable {
    public var key: String
    public var keyRange: SourceRange
    public var values: [Expr]
}

public enum RequirementLevel: String, Sendable { case require, warn }

public struct Requirement: Sendable {
    public var level: RequirementLevel
    public var condition: Expr
    public var label: String?
    public var labelRange: SourceRange?
}

/// `when e for d then a resolve b` on one line, or a `rule "name" { … }` block.
public struct RuleDecl: Sendable {
    public var name: String?
    public var nameRange: SourceRange?
    public var condition: Expr
    public var forDuration: Expr?
    public var keepFiringFor: Expr?
    public var every: Expr?
    /// What runs once when the rule starts firing (`then`).
    public var actions: [Expr]
    /// What runs when it resolves (`resolve`).
    public var resolveActions: [Expr]
    /// Other clauses of a rule block, such as `severity P1` or `runbook "…"`.
    public var settings: [Setting]
    /// True for the one-line `when … then …` form.
    public var isShorthand: Bool
    public var range: SourceRange
}
