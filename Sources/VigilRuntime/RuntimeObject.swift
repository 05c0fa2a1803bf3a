import VigilCheck
import VigilSyntax

/// A value owned by a layer above the core language: a series selection, a vector, a
/// service, an SLO or canary handle. The core knows none of them; it asks the object for
/// its fields, its arithmetic, its truth and its text. Engines subclass it in VigilLib.
open class RuntimeObject {
    public init() {}

    /// The name `type(x)` returns and error messages use.
    open var typeName: String { "object" }

    /// The checker's type of this value, by which a builtin's overload is chosen (a series
    /// selection is `.series`, a vector `.quantity(nil)`); unknown fits every parameter.
    open var argumentType: StaticType { .unknown }

    /// How the value prints in `print`, the REPL and policy observations.
    open var display: String { "<\(typeName)>" }

    /// `x.name`; nil when the object has no such field.
    open func member(_ name: String) throws -> Value? { nil }

    /// The fields `member` knows, for "did you mean" hints.
    open var memberNames: [String] { [] }

    /// `self op other` when `selfOnLeft`, else `other op self`; nil when unsupported.
    open func binary(_ op: BinaryOp, _ other: Value, selfOnLeft: Bool) throws -> Value? { nil }

    /// How a policy line shows the comparison `self op other` (or `other op self`) whose
    /// outcome was `result`: a vector shows each element with the operator that holds for
    /// it. Nil to show the value's display and the written operator.
    open func observation(_ op: BinaryOp, _ other: Value, result: Value, selfOnLeft: Bool) -> String? { nil }

    /// `-self`; nil when unsupported.
    open func negated() throws -> Value? { nil }

    /// `not self`; nil when unsupported.
    open func logicalNot() throws -> Value? { nil }

    /// `self op other` for `op` either `and` or `or`, combined per element (a vector, one
    /// truth per label set, with `Kleene`); nil to count by the object's overall `truth`.
    open func logical(_ op: BinaryOp, _ other: Value, selfOnLeft: Bool) throws -> Value? { nil }

    /// Why the object holds nodata (a vector's elements without a partner, say), for a gate's
    /// "no data" line; empty when it says nothing more than its sources did.
    open var nodataReasons: [String] { [] }

    /// The object as a condition (`if`, `require`, `and`/`or`): `.known(true/false)`,
    /// `.unknown` for missing data, or `.notACondition`.
    open func truth() throws -> ObjectTruth { .notACondition }

    /// The items `for x in self` walks; nil when it cannot be iterated.
    open var elements: [Value]? { nil }

    /// Equality with another object (`==`); identity unless a subclass knows better.
    open func isEqual(to other: RuntimeObject) -> Bool { self === other }
}

public enum ObjectTruth {
    case known(Bool)
    case unknown
    case notACondition
}

/// An error an object raises; the core adds the source location of the operation.
public struct ObjectError: Error {
    public var message: String
    public var hint: String?
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}

/// `~"5.."` and `!~"5.."`: a label-value matcher, meaningful to `series(…)`.
public final class RegexMatcher: RuntimeObject {
    public let pattern: String
    public let negated: Bool
    public init(pattern: String, negated: Bool) {
        self.pattern = pattern
        self.negated = negated
    }
    override public var typeName: String { "regex" }
    override public var argumentType: StaticType { .regex }
    override public var display: String { (negated ? "!~" : "~") + Value.quoted(pattern) }
    override public func isEqual(to other: RuntimeObject) -> Bool {
        guard let o = other as? RegexMatcher else { return false }
        return o.pattern == pattern && o.negated == negated
    }
}

/// `P1`…`P4`: an incident or alert severity (P1 is the most severe).
public final class SeverityValue: RuntimeObject {
    public let level: Int
    public init(_ level: Int) { self.level = level }
    override public var typeName: String { "severity" }
    override public var argumentType: StaticType { .severity }
    override public var display: String { "P\(level)" }
    override public func isEqual(to other: RuntimeObject) -> Bool { (other as? SeverityValue)?.level == level }

    /// Severities compare by urgency: `P1 < P2` (P1 is more severe).
    override public func binary(_ op: BinaryOp, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        guard case .object(let o) = other, let s = o as? SeverityValue, op.isComparison else { return nil }
        let (a, b) = selfOnLeft ? (level, s.level) : (s.level, level)
        switch op {
        case .eq: return .bool(a == b)
        case .ne: return .bool(a != b)
        case .lt: return .bool(a < b)
        case .le: return .bool(a <= b)
        case .gt: return .bool(a > b)
        default: return .bool(a >= b)
        }
    }
}

extension Site {
    /// Runs an object operation, giving its error this site's location.
    func object<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as ObjectError { throw error(e.message, hint: e.hint) }
    }
}

extension Value {
    /// `self op other` with the language's rules (units, nodata, strings); for objects that
    /// apply an operator element by element. Errors come back as `ObjectError`.
    public func applying(_ op: BinaryOp, _ other: Value, texts: (String, String) = ("", "")) throws -> Value {
        let site = Site.unlocated
        do {
            if op == .and || op == .or { return try Operators.logical(op, self, site) { other } }
            return try Operators.binary(op, self, other, site, OperandTexts(left: texts.0, right: texts.1))
        } catch let e as RuntimeError {
            throw ObjectError(e.message, hint: e.hint)
        }
    }

    /// Whether `a op b` divides a number by zero (its result is then nodata).
    public static func dividesByZero(_ op: BinaryOp, _ a: Value, _ b: Value) -> Bool { Operators.dividesByZero(op, a, b) }

    /// `-self` or `not self` with the language's rules.
    public func applying(_ op: UnaryOp) throws -> Value {
        let site = Site.unlocated
        do {
            return op == .negate ? try Operators.negate(self, site, "") : try Operators.not(self, site)
        } catch let e as RuntimeError {
            throw ObjectError(e.message, hint: e.hint)
        }
    }

    /// The value as a condition: true, false, or nil for unknown; throws if not a condition.
    public func truthValue() throws -> Bool? {
        let site = Site.unlocated
        do { return try Operators.truth(self, site, "a condition") } catch let e as RuntimeError {
            throw ObjectError(e.message, hint: e.hint)
        }
    }
}

extension Site {
    /// The site of an operation a layer above applies to values (a vector's elements): its
    /// errors are rethrown without a location. Shared, because those operations run per
    /// element at every evaluation and a source file is not free to make.
    static let unlocated = Site(file: SourceFile(path: "", text: ""), range: .none)
}
