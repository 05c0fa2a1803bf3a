import VigilSyntax

extension Compiler {
    /// Binary operators. Each arithmetic operator gets its own closure with an inline fast
    /// path for two plain numbers; units, strings and nodata take the general path.
    func binary(_ op: BinaryOp, _ lhs: Expr, _ rhs: Expr, _ range: SourceRange) throws -> Evaluator {
        // In `S op … baseline …` (either side), `baseline` is the baseline of S.
        let saved = baselineSubject
        defer { baselineSubject = saved }
        baselineSubject = baselineSubject(op, lhs, rhs)
        let s = site(range), texts = OperandTexts(left: text(lhs.range), right: text(rhs.range))
        if op.isLogical {
            let l = try expression(lhs), r = try expression(rhs)
            if op == .and { return { f in try Compiler.and(l, r, f, s) } }
            return { f in try Compiler.or(l, r, f, s) }
        }
        let l = try operand(lhs), r = try operand(rhs)
        var constant = Value.none
        if case .constant(let v) = r { constant = v }
        let general = Compiler.specialise(op, l, r, BinaryCode(op, s, texts, constant: constant, machine: machine))
        if let kernel = kernel(op, lhs, rhs, range, general: general) { return kernel }
        if let fused = try fusedChain(op, lhs, rhs, general) { return fused }
        return general
    }

    /// One step of a chain of arithmetic with plain-number literals on the right: the same
    /// computation as `constantRight`'s fast path for that operator.
    struct ChainStep {
        let op: BinaryOp
        let c: Double
        /// The divisor as an integer for `mod` by a whole number, else 0.
        let whole: Int64

        /// The step, when `op c` qualifies (arithmetic, a nonzero divisor).
        init?(_ op: BinaryOp, _ rhs: Expr) {
            guard case .quantity(let q) = rhs.kind, case .number(let c, .plain) = Value(q) else { return nil }
            switch op {
            case .add, .sub, .mul: whole = 0
            case .div where c != 0: whole = 0
            case .mod where c != 0: whole = abs(c) < 9e15 && c == c.rounded(.towardZero) ? Int64(c) : 0
            default: return nil
            }
            self.op = op
            self.c = c
        }

        @inline(__always) func apply(_ x: Double) -> Double {
            switch op {
            case .add: return x + c
            case .sub: return x - c
            case .mul: return x * c
            case .div: return x / c
            default: return whole != 0 ? Operators.floorMod(x, wholeDivisor: whole, c) : Operators.floorMod(x, c)
            }
        }
    }

    /// `(i * 3 + 1) mod 7`: two or more literal steps on a local or a global are computed
    /// in one closure when the name holds a plain number (every step then yields one too);
    /// anything else runs `general`, the operator-by-operator code, which re-reads the name.
    private func fusedChain(_ op: BinaryOp, _ lhs: Expr, _ rhs: Expr, _ general: @escaping Evaluator) throws -> Evaluator? {
        guard let (leaf, steps) = try chainParts(op, lhs, rhs) else { return nil }
        let code = ChainCode(steps, general: general)
        switch leaf {
        case .local(let slot):
            let r = ChainReader(leaf: SlotReader(slot: slot), code: code)
            return { f in try r.read(f) }
        case .global(let chunk, let i):
            let r = ChainReader(leaf: GlobalReader(chunk: chunk, slot: i), code: code)
            return { f in try r.read(f) }
        default: return nil
        }
    }

    /// The name and the literal steps of `lhs op rhs` when it is a chain of two or more.
    func chainParts(_ op: BinaryOp, _ lhs: Expr, _ rhs: Expr) throws -> (Operand, [ChainStep])? {
        guard let last = ChainStep(op, rhs) else { return nil }
        var steps = [last], leaf = lhs
        while case .binary(let o, let l, let r) = leaf.kind, let step = ChainStep(o, r) {
            steps.append(step)
            leaf = l
        }
        guard steps.count >= 2, case .name = leaf.kind else { return nil }
        let o = try operand(leaf)
        switch o {
        case .local, .global: return (o, steps.reversed())
        default: return nil
        }
    }

    /// Where an operand comes from. A local slot, a global or a constant is read inline by
    /// the operator's closure; anything else is compiled code it calls.
    enum Operand {
        case local(Int)
        case global(Frame, Int)
        case constant(Value)
        case code(Evaluator)
    }

    /// An operand, read inline when it is a name in the current frame or a global, or a literal.
    func operand(_ e: Expr) throws -> Operand {
        switch e.kind {
        case .quantity(let q):
            return .constant(Value(q))
        case .name(let name):
            switch resolve(name, e.range) {
            case .local(0, let slot)?: return .local(slot)
            case .global(let slot)?:
                let (chunk, i) = globals.location(slot)
                return .global(chunk, i)
            default: break
            }
        default: break
        }
        return .code(try expression(e))
    }

    /// One closure per (operator, left reader, right reader), each with an inline fast path
    /// for plain numbers (arithmetic) or numbers of one dimension (comparisons); units,
    /// strings and nodata take `Operators.binary`.
    static func specialise(_ op: BinaryOp, _ l: Operand, _ r: Operand, _ k: BinaryCode) -> Evaluator {
        switch l {
        case .local(let slot): return specialise(op, SlotReader(slot: slot), r, k)
        case .global(let chunk, let i): return specialise(op, GlobalReader(chunk: chunk, slot: i), r, k)
        case .constant(let v): return specialise(op, ConstantReader(value: v), r, k)
        case .code(let code): return specialise(op, CodeReader(code: code), r, k)
        }
    }

    private static func specialise<L: OperandReader>(_ op: BinaryOp, _ l: L, _ r: Operand, _ k: BinaryCode) -> Evaluator {
        switch r {
        case .local(let slot): return operation(op, l, SlotReader(slot: slot), k)
        case .global(let chunk, let i): return operation(op, l, GlobalReader(chunk: chunk, slot: i), k)
        case .constant(let v):
            if case .number(let c, .plain) = v { return constantRight(op, l, c, k) }
            return operation(op, l, ConstantReader(value: v), k)
        case .code(let code): return operation(op, l, CodeReader(code: code), k)
        }
    }

    private static func operation<L: OperandReader, R: OperandReader>(_ op: BinaryOp, _ l: L, _ r: R, _ k: BinaryCode) -> Evaluator {
        switch op {
        case .add:
            return { f in
                let a = try l.read(f), b = try r.read(f)
                if case .number(let x, .plain) = a, case .number(let y, .plain) = b { return .number(x + y, .plain) }
                return try k.apply(a, b)
            }
        case .sub:
            return { f in
                let a = try l.read(f), b = try r.read(f)
                if case .number(let x, .plain) = a, case .number(let y, .plain) = b { return .number(x - y, .plain) }
                return try k.apply(a, b)
            }
        case .mul:
            return { f in
                let a = try l.read(f), b = try r.read(f)
                if case .number(let x, .plain) = a, case .number(let y, .plain) = b { return .number(x * y, .plain) }
                return try k.apply(a, b)
            }
        case .div:
            return { f in
                let a = try l.read(f), b = try r.read(f)
                if case .number(let x, .plain) = a, case .number(let y, .plain) = b, y != 0 { return .number(x / y, .plain) }
                return try k.apply(a, b)
            }
        case .mod:
            return { f in
                let a = try l.read(f), b = try r.read(f)
                if case .number(let x, .plain) = a, case .number(let y, .plain) = b, y != 0 {
                    return .number(Operators.floorMod(x, y), .plain)
                }
                return try k.apply(a, b)
            }
        case .lt: return { f in try compare(l, r, f, k) { $0 < $1 } }
        case .le: return { f in try compare(l, r, f, k) { $0 <= $1 } }
        case .gt: return { f in try compare(l, r, f, k) { $0 > $1 } }
        case .ge: return { f in try compare(l, r, f, k) { $0 >= $1 } }
        case .eq: return { f in try compare(l, r, f, k) { $0 == $1 } }
        case .ne: return { f in try compare(l, r, f, k) { $0 != $1 } }
        case .and, .or:
            return { f in try k.apply(try l.read(f), try r.read(f)) }
        }
    }

    /// Numbers of one dimension compare directly (the unit check cannot fail for them).
    @inline(__always)
    private static func compare<L: OperandReader, R: OperandReader>(_ l: L, _ r: R, _ f: Frame, _ k: BinaryCode,
                                                                    _ holds: (Double, Double) -> Bool) throws -> Value {
        let a = try l.read(f), b = try r.read(f)
        if case .number(let x, let u) = a, case .number(let y, let v) = b, u.dimension == v.dimension {
            return .bool(holds(x, y))
        }
        return try k.apply(a, b)
    }

    /// Whether `e` uses the bare name `baseline` outside any nested comparison or call.
    func mentionsBaseline(_ e: Expr) -> Bool {
        switch e.kind {
        case .name: return isBaseline(e)
        case .binary(let op, let l, let r): return !op.isComparison && !op.isLogical && (mentionsBaseline(l) || mentionsBaseline(r))
        case .unary(.negate, let x): return mentionsBaseline(x)
        default: return false
        }
    }

    /// `x * 3`, `i + 1`, `n mod 7`: a plain-number literal on the right needs no read and
    /// no value copy; `mod` by a whole constant skips the divisor checks.
    private static func constantRight<L: OperandReader>(_ op: BinaryOp, _ l: L, _ c: Double, _ k: BinaryCode) -> Evaluator {
        switch op {
        case .add:
            return { f in
                let a = try l.read(f)
                if case .number(let x, .plain) = a { return .number(x + c, .plain) }
                return try k.apply(a, k.constant)
            }
        case .sub:
            return { f in
                let a = try l.read(f)
                if case .number(let x, .plain) = a { return .number(x - c, .plain) }
                return try k.apply(a, k.constant)
            }
        case .mul:
            return { f in
                let a = try l.read(f)
                if case .number(let x, .plain) = a { return .number(x * c, .plain) }
                return try k.apply(a, k.constant)
            }
        case .div where c != 0:
            return { f in
                let a = try l.read(f)
                if case .number(let x, .plain) = a { return .number(x / c, .plain) }
                return try k.apply(a, k.constant)
            }
        case .mod where c != 0 && abs(c) < 9e15 && c == c.rounded(.towardZero):
            let y = Int64(c)
            return { f in
                let a = try l.read(f)
                if case .number(let x, .plain) = a { return .number(Operators.floorMod(x, wholeDivisor: y, c), .plain) }
                return try k.apply(a, k.constant)
            }
        case .mod where c != 0:
            return { f in
                let a = try l.read(f)
                if case .number(let x, .plain) = a { return .number(Operators.floorMod(x, c), .plain) }
                return try k.apply(a, k.constant)
            }
        default:
            return operation(op, l, ConstantReader(value: k.constant), k)
        }
    }

    /// `and`: Kleene logic per `Operators.logical`; the right side is skipped when a plain
    /// left side is false.
    static func and(_ l: Evaluator, _ r: Evaluator, _ f: Frame, _ s: Site) throws -> Value {
        try Operators.logical(.and, try l(f), s) { try r(f) }
    }

    /// `or`: Kleene logic per `Operators.logical`; the right side is skipped when a plain
    /// left side is true.
    static func or(_ l: Evaluator, _ r: Evaluator, _ f: Frame, _ s: Site) throws -> Value {
        try Operators.logical(.or, try l(f), s) { try r(f) }
    }
}

/// Reads one operand of an operator; specialised per kind so that the common ones cost no
/// closure call.
protocol OperandReader {
    func read(_ f: Frame) throws -> Value
}

/// A variable an assignment can read and write in place.
protocol Variable: OperandReader {
    func read(_ f: Frame) -> Value
    func write(_ f: Frame, _ v: Value)
}

/// A slot of the current frame.
struct SlotReader: Variable {
    let slot: Int
    @inline(__always) func read(_ f: Frame) -> Value { f[slot] }
    @inline(__always) func write(_ f: Frame, _ v: Value) { f[slot] = v }
}

/// A global: a slot of its chunk, which never moves.
struct GlobalReader: Variable {
    let chunk: Frame
    let slot: Int
    @inline(__always) func read(_ f: Frame) -> Value { chunk[slot] }
    @inline(__always) func write(_ f: Frame, _ v: Value) { chunk[slot] = v }
}

struct ConstantReader: OperandReader {
    let value: Value
    @inline(__always) func read(_ f: Frame) -> Value { value }
}

struct CodeReader: OperandReader {
    let code: Evaluator
    @inline(__always) func read(_ f: Frame) throws -> Value { try code(f) }
}

/// The steps of a fused chain and the operator-by-operator code it falls back to, in one
/// object so a reader of it carries a single reference.
final class ChainCode {
    let first: Compiler.ChainStep
    let second: Compiler.ChainStep
    let third: Compiler.ChainStep?
    let rest: [Compiler.ChainStep]
    let general: Evaluator

    init(_ steps: [Compiler.ChainStep], general: @escaping Evaluator) {
        first = steps[0]
        second = steps[1]
        third = steps.count > 2 ? steps[2] : nil
        rest = Array(steps.dropFirst(3))
        self.general = general
    }

    @inline(__always) func apply(_ x: Double) -> Double {
        var y = second.apply(first.apply(x))
        if let third {
            y = third.apply(y)
            for s in rest { y = s.apply(y) }
        }
        return y
    }
}

/// A fused chain read inline: the name's plain number through every step, or the general code.
struct ChainReader<L: Variable>: OperandReader {
    let leaf: L
    let code: ChainCode
    @inline(__always) func read(_ f: Frame) throws -> Value {
        if case .number(let x, .plain) = leaf.read(f) { return .number(code.apply(x), .plain) }
        return try code.general(f)
    }
}

/// What an operator's closure needs only off its fast path, in one object so the closure
/// captures (and its forwarder unpacks) a single reference.
final class BinaryCode {
    let op: BinaryOp
    let site: Site
    let texts: OperandTexts
    /// The right operand when it is a literal.
    let constant: Value
    /// Where a division by zero notes why its result is nodata.
    unowned(unsafe) let machine: Machine

    init(_ op: BinaryOp, _ site: Site, _ texts: OperandTexts, constant: Value, machine: Machine) {
        self.op = op
        self.site = site
        self.texts = texts
        self.constant = constant
        self.machine = machine
    }

    /// The general operation: units, strings, lists, nodata, objects, errors.
    @inline(never) func apply(_ a: Value, _ b: Value) throws -> Value {
        let v = try Operators.binary(op, a, b, site, texts)
        if case .nodata = v, Operators.dividesByZero(op, a, b) { machine.noteNodata("division by zero") }
        return v
    }
}
