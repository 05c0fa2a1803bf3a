import Foundation
import VigilCheck
import VigilSyntax

/// The source text of each operand, for unit errors such as
/// "cannot add a number (50%) to a duration (latency_p95)".
struct OperandTexts {
    let left: String
    let right: String
}

/// Arithmetic, comparison and logic on values. Units follow `UnitAlgebra`; `nodata` is
/// contagious through arithmetic and makes comparisons unknown (also `.nodata`).
/// Division or modulo by zero is nodata ("division by zero", LANGUAGE §2), not infinity
/// and not an error: a signal's zero traffic must not stop a rule. A literal zero divisor
/// is caught before the program runs.
enum Operators {
    static func binary(_ op: BinaryOp, _ l: Value, _ r: Value, _ site: Site, _ texts: OperandTexts) throws -> Value {
        switch (l, r) {
        case (.number(let a, let ua), .number(let b, let ub)):
            return try numbers(op, a, ua, b, ub, site, texts)
        case (.nodata, _), (_, .nodata):
            return .nodata
        case (.object(let o), _):
            if let v = try site.object({ try o.binary(op, r, selfOnLeft: true) }) { return v }
        case (_, .object(let o)):
            if let v = try site.object({ try o.binary(op, l, selfOnLeft: false) }) { return v }
        default:
            break
        }
        switch op {
        case .eq: return .bool(equal(l, r))
        case .ne: return .bool(!equal(l, r))
        case .add:
            if case .string(let a) = l, case .string(let b) = r {
                try MemoryBudget.reserve(a.utf8.count + b.utf8.count, site)
                return .string(a + b)
            }
            if case .list(let a) = l, case .list(let b) = r {
                try MemoryBudget.reserve((a.count + b.count) * MemoryLayout<Value>.stride, site)
                return .list(a + b)
            }
        case .lt, .le, .gt, .ge:
            if case .string(let a) = l, case .string(let b) = r { return .bool(compare(op, a, b)) }
        default:
            break
        }
        throw site.error(typeMessage(op, l, r))
    }

    @inline(__always)
    static func numbers(_ op: BinaryOp, _ a: Double, _ ua: Unit, _ b: Double, _ ub: Unit,
                        _ site: Site, _ texts: OperandTexts) throws -> Value {
        guard let dimension = UnitAlgebra.result(op, ua.dimension, ub.dimension) else {
            throw unitError(op, a, ua, b, ub, site, texts)
        }
        let unit: Unit
        if ua == .plain, ub == .plain {
            unit = .plain
        } else {
            let lq = Quantity(a, ua.dimension, style: ua.style), rq = Quantity(b, ub.dimension, style: ub.style)
            unit = Unit(dimension, UnitAlgebra.style(op, lq, rq, result: dimension))
        }
        switch op {
        case .add: return .number(a + b, unit)
        case .sub: return .number(a - b, unit)
        case .mul: return .number(a * b, unit)
        case .div: return b == 0 ? .nodata : .number(a / b, unit)
        case .mod: return b == 0 ? .nodata : .number(floorMod(a, b), unit)
        case .eq: return .bool(a == b)
        case .ne: return .bool(a != b)
        case .lt: return .bool(a < b)
        case .le: return .bool(a <= b)
        case .gt: return .bool(a > b)
        case .ge: return .bool(a >= b)
        case .and, .or: throw site.error("`\(op.rawValue)` needs bools, not numbers")
        }
    }

    /// Whether `a op b` is a division (or `mod`) of a number by zero: nodata whose reason is
    /// "division by zero".
    static func dividesByZero(_ op: BinaryOp, _ a: Value, _ b: Value) -> Bool {
        guard op == .div || op == .mod, case .number = a, case .number(let y, _) = b else { return false }
        return y == 0
    }

    /// The remainder with the sign of the divisor, as in Lua and Python.
    @inline(__always) static func floorMod(_ a: Double, _ b: Double) -> Double {
        // Whole numbers below 2^53 are exact as integers, and integer remainder is far
        // cheaper than fmod. (A round trip through Int64 tests wholeness without a libm call.)
        if abs(a) < 9e15, abs(b) < 9e15 {
            let x = Int64(a), y = Int64(b)
            if Double(x) == a, Double(y) == b { return wholeMod(x, y) }
        }
        return fractionalMod(a, b)
    }

    /// `floorMod(a, b)` for a divisor known to be a whole, nonzero number below 9e15 (`y` is
    /// its integer value): the same result, with the divisor's checks done once.
    @inline(__always) static func floorMod(_ a: Double, wholeDivisor y: Int64, _ b: Double) -> Double {
        if abs(a) < 9e15 {
            let x = Int64(a)
            if Double(x) == a { return wholeMod(x, y) }
        }
        return fractionalMod(a, b)
    }

    @inline(__always) private static func wholeMod(_ x: Int64, _ y: Int64) -> Double {
        let r = x % y
        return Double(r != 0 && (r < 0) != (y < 0) ? r + y : r)
    }

    private static func fractionalMod(_ a: Double, _ b: Double) -> Double {
        let r = fmod(a, b)
        return r != 0 && (r < 0) != (b < 0) ? r + b : r
    }

    static func unitError(_ op: BinaryOp, _ a: Double, _ ua: Unit, _ b: Double, _ ub: Unit,
                          _ site: Site, _ texts: OperandTexts) -> RuntimeError {
        let message = UnitAlgebra.message(op, ua.dimension, texts.left, ub.dimension, texts.right)
        let hint = UnitAlgebra.hint(op, ua.dimension, texts.left, Quantity(b, ub.dimension, style: ub.style), rDim: ub.dimension)
        return site.error(message, hint: hint)
    }

    static func typeMessage(_ op: BinaryOp, _ l: Value, _ r: Value) -> String {
        switch op {
        case .add: return "cannot add \(r.described) to \(l.described)"
        case .sub: return "cannot subtract \(r.described) from \(l.described)"
        case .mul: return "cannot multiply \(l.described) by \(r.described)"
        case .div: return "cannot divide \(l.described) by \(r.described)"
        case .mod: return "cannot take \(l.described) modulo \(r.described)"
        case .and, .or: return "`\(op.rawValue)` needs bools, found \(l.described) and \(r.described)"
        default: return "cannot compare \(l.described) with \(r.described)"
        }
    }

    static func compare<T: Comparable>(_ op: BinaryOp, _ a: T, _ b: T) -> Bool {
        switch op {
        case .lt: a < b
        case .le: a <= b
        case .gt: a > b
        default: a >= b
        }
    }

    /// Structural equality; numbers of different dimensions are unequal here (the unit
    /// check happens before, in `numbers`).
    static func equal(_ l: Value, _ r: Value) -> Bool {
        switch (l, r) {
        case (.number(let a, let ua), .number(let b, let ub)): return a == b && ua.dimension == ub.dimension
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a), .list(let b)): return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.record(let a), .record(let b)):
            return a === b || (a.shape.keys == b.shape.keys && zip(a.values, b.values).allSatisfy { equal($0, $1) })
        case (.function(let a), .function(let b)): return a === b
        case (.none, .none), (.nodata, .nodata): return true
        case (.object(let a), .object(let b)): return a.isEqual(to: b)
        default: return false
        }
    }

    static func negate(_ v: Value, _ site: Site, _ text: String) throws -> Value {
        switch v {
        case .number(let x, let u):
            guard UnitAlgebra.canNegate(u.dimension) else { throw site.error("cannot negate \(UnitAlgebra.describe(u.dimension, text))") }
            return .number(-x, u)
        case .nodata: return .nodata
        case .object(let o):
            if let r = try site.object({ try o.negated() }) { return r }
            throw site.error("cannot negate \(v.described)")
        default: throw site.error("cannot negate \(v.described)")
        }
    }

    /// Kleene `not`: unknown stays unknown.
    static func not(_ v: Value, _ site: Site) throws -> Value {
        switch v {
        case .bool(let b): return Kleene.value(Kleene.not(b))
        case .nodata: return Kleene.value(Kleene.not(nil))
        case .object(let o):
            if let r = try site.object({ try o.logicalNot() }) { return r }
            throw site.error("`not` needs a bool, found \(v.described)")
        default: throw site.error("`not` needs a bool, found \(v.described)")
        }
    }

    /// A condition's truth: true, false or unknown (nil). Anything but a bool or nodata is an error.
    @inline(__always) static func truth(_ v: Value, _ site: Site, _ what: String) throws -> Bool? {
        switch v {
        case .bool(let b): return b
        case .nodata: return nil
        case .object(let o):
            switch try site.object({ try o.truth() }) {
            case .known(let b): return b
            case .unknown: return nil
            case .notACondition: throw site.error("\(what) must be a bool, found \(v.described)")
            }
        default: throw site.error("\(what) must be a bool, found \(v.described)")
        }
    }
}
