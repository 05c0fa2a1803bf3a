import VigilSyntax

/// How recorded comparisons read for a person, one way for rules and requirements alike:
/// `p95_ms = 6.2ms > 5ms`, the operator shown being the one that holds.
extension ObservedComparison {
    /// A value as observations show it: its literal, or `no data`.
    public static func show(_ v: Value) -> String {
        if case .nodata = v { return "no data" }
        return v.literal
    }

    /// One comparison from its operands as shown; `holds` false shows the operator that
    /// holds instead (`<=` fails as `>`).
    public static func line(_ left: String, _ op: BinaryOp, _ right: String, holds: Bool?) -> String {
        "\(left) \((holds == false ? op.failing : op).rawValue) \(right)"
    }

    /// The whole comparison as a requirement shows it: a vector shows each label set
    /// (through the object's `observation` hook), the right side only its value.
    var observed: String {
        let a = left.value, b = right.value
        if case .object(let o) = a, let shown = o.observation(op, b, result: result, selfOnLeft: true) {
            return left.isLiteral ? shown : "\(left.text) = \(shown)"
        }
        if case .object(let o) = b, let shown = o.observation(op, a, result: result, selfOnLeft: false) {
            return left.isLiteral || left.text == Self.show(a) ? shown : "\(left.text) = \(shown)"
        }
        let holds: Bool? = if case .bool(false) = result { false } else { nil }
        return Self.line(left.shown(a), op, Self.show(b), holds: holds)
    }
}

extension ObservedComparison.Operand {
    /// `text = value`, or only the value for a literal (or when the text is the value).
    public func shown(_ v: Value) -> String {
        let shown = ObservedComparison.show(v)
        return isLiteral || text == shown ? shown : "\(text) = \(shown)"
    }
}

extension BinaryOp {
    /// The comparison that holds when this one fails (`<=` fails as `>`).
    public var failing: BinaryOp {
        switch self {
        case .lt: .ge
        case .le: .gt
        case .gt: .le
        case .ge: .lt
        case .eq: .ne
        case .ne: .eq
        default: self
        }
    }
}

/// A requirement's observed text, built from what its ordinary compiled code recorded:
/// comparisons joined by the `and`/`or`/`not` around them, short-circuited as the code was.
struct ObservedText {
    let file: SourceFile
    private var comparisons: IndexingIterator<[ObservedComparison]>
    private var values: IndexingIterator<[Value]>

    static func text(of condition: Expr, in file: SourceFile, _ comparisons: [ObservedComparison],
                     _ values: [Value]) throws -> String {
        var walk = ObservedText(file: file, comparisons: comparisons.makeIterator(), values: values.makeIterator())
        return try walk.walk(condition).1
    }

    /// Each node's value again (from the recorded ones, through the same `Operators`) only
    /// to know which right sides the code skipped.
    private mutating func walk(_ e: Expr) throws -> (Value, String) {
        let site = Site(file: file, range: e.range)
        switch e.kind {
        case .binary(let op, _, _) where op.isComparison:
            guard let c = comparisons.next() else { return (.nodata, "no data") }
            return (c.result, c.observed)
        case .binary(let op, let l, let r) where op.isLogical:
            let (a, aText) = try walk(l)
            var bText: String?
            let result = try Operators.logical(op, a, site) {
                let (b, text) = try walk(r)
                bText = text
                return b
            }
            guard let bText else { return (result, aText) }
            return (result, "\(aText) \(op.rawValue) \(bText)")
        case .unary(.not, let inner):
            let (v, text) = try walk(inner)
            return (try Operators.not(v, site), "not (\(text))")
        default:
            guard let v = values.next() else { return (.nodata, "no data") }
            let operand = ObservedComparison.Operand(text: file.slice(e.range), value: v, isLiteral: Compiler.isLiteral(e))
            return (v, operand.shown(v))
        }
    }
}
