// The syntax tree. Every node carries the source range it was parsed from, so every later
// pass (checker, compiler, formatter) can point at the exact spot it is talking about.

public enum UnaryOp: String, Sendable { case negate = "-", not = "not" }

public enum BinaryOp: String, Sendable, CaseIterable {
    case or, and
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case add = "+", sub = "-", mul = "*", div = "/", mod

    public var isComparison: Bool { [.eq, .ne, .lt, .le, .gt, .ge].contains(self) }
    public var isLogical: Bool { self == .or || self == .and }
}

public struct Expr: Sendable {
    public var kind: ExprKind
    public var range: SourceRange
    public init(_ kind: ExprKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public indirect enum ExprKind: Sendable {
    case quantity(Quantity)
    case string([StringSegment])
    case regex(String, negated: Bool)
    case bool(Bool)
    case none
    case severity(Int)
    case name(String)
    case list([Expr])
    case record([RecordField])
    case unary(UnaryOp, Expr)
    case binary(BinaryOp, Expr, Expr)
    case call(Expr, [Argument])
    case member(Expr, name: String, nameRange: SourceRange)
    case index(Expr, Expr)
    case lambda(FunctionLiteral)
    /// Stands where the parser found an error it already reported.
    case invalid
}

public enum StringSegment: Sendable {
    case text(String)
    case interpolation(Expr)
}

public struct RecordField: Sendable {
    public var key: String
    public var keyRange: SourceRange
    public var value: Expr
}

public struct Argument: Sendable {
    /// The name in `f(a, name: b)`; nil for positional arguments.
    public var label: String?
    public var labelRange: SourceRange?
    public var value: Expr
}

public struct Parameter: Sendable {
    public var name: String
    public var range: SourceRange
    public var defaultValue: Expr?
}

public enum FunctionBody: Sendable {
    case expression(Expr)
    case block(Block)
}

/// `fn(a, b) = a + b`, `fn(a) { … }` and the body of every named function.
public struct FunctionLiteral: Sendable {
    public var params: [Parameter]
    public var body: FunctionBody
    public var range: SourceRange

    public init(params: [Parameter], body: FunctionBody, range: SourceRange) {
        self.params = params
        self.body = body
        self.range = range
    }
}

// MARK: statements

public struct Stmt: Sendable {
    public var kind: StmtKind
    public var range: SourceRange
    public init(_ kind: StmtKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public enum AssignOp: String, Sendable { case set = "=", add = "+=", sub = "-=" }

public indirect enum StmtKind: Sendable {
    case `let`(name: String, nameRange: SourceRange, value: Expr)
    /// `x = e`, `x += e`: rebinds a variable declared with `let` (an extension to the contract).
    case assign(name: String, nameRange: SourceRange, op: AssignOp, value: Expr)
    case expr(Expr)
    case `if`([IfBranch], else: Block?)
    case `for`(name: String, nameRange: SourceRange, iterable: Expr, body: Block)
    case `return`(Expr?)
    case function(FunctionDecl)
}

public struct IfBranch: Sendable {
    public var condition: Expr
    public var body: Block
}

public struct Block: Sendable {
    public var stmts: [Stmt]
    public var range: SourceRange
}

public struct FunctionDecl: Sendable {
    public var name: String
    public var nameRange: SourceRange
    public var function: FunctionLiteral
}
