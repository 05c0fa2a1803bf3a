import VigilSyntax

extension Compiler {
    func expression(_ e: Expr) throws -> Evaluator {
        switch e.kind {
        case .quantity(let q):
            let v = Value(q)
            return { _ in v }
        case .bool(let b):
            let v = Value.bool(b)
            return { _ in v }
        case .none:
            return { _ in .none }
        case .string(let segments):
            return try interpolation(segments, site(e.range))
        case .name(let name):
            return try read(name, e.range)
        case .list(let items):
            let codes = try items.map(expression)
            return { f in
                var out: [Value] = []
                out.reserveCapacity(codes.count)
                for c in codes { out.append(try c(f)) }
                return .list(out)
            }
        case .record(let fields):
            return try record(fields)
        case .unary(.negate, let operand):
            let code = try expression(operand), s = site(e.range), t = text(operand.range)
            return { f in try Operators.negate(try code(f), s, t) }
        case .unary(.not, let operand):
            let code = try expression(operand), s = site(e.range)
            return { f in try Operators.not(try code(f), s) }
        case .binary(let op, let l, let r):
            return try binary(op, l, r, e.range)
        case .call(let callee, let args):
            return try call(callee, args, e.range)
        case .member(let base, let name, let nameRange):
            return try member(base, name, nameRange)
        case .index(let base, let index):
            return try self.index(base, index, e.range)
        case .lambda(let fn):
            let user = UserFunction(name: "lambda", fn)
            try compileFunction(fn, into: user, nested: true)
            return { f in .function(Function(user: user, captured: f)) }
        case .regex(let pattern, let negated):
            let v = Value.object(RegexMatcher(pattern: pattern, negated: negated))
            return { _ in v }
        case .severity(let n):
            let v = Value.object(SeverityValue(n))
            return { _ in v }
        case .invalid:
            throw error("this expression did not parse", e.range)
        }
    }

    private func interpolation(_ segments: [StringSegment], _ site: Site) throws -> Evaluator {
        if segments.isEmpty { return { _ in .string("") } }
        if segments.count == 1, case .text(let s) = segments[0] {
            let v = Value.string(s)
            return { _ in v }
        }
        enum Piece { case text(String), code(Evaluator) }
        let pieces: [Piece] = try segments.map {
            switch $0 {
            case .text(let s): .text(s)
            case .interpolation(let e): .code(try expression(e))
            }
        }
        return { f in
            // Built as UTF-8 bytes on the stack and made a String once; a long result
            // continues in a String (see `TextBuilder`).
            try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: TextBuilder.capacity) { buffer in
                var out = TextBuilder(buffer: buffer)
                for p in pieces {
                    switch p {
                    case .text(let s): out.append(s)
                    case .code(let c):
                        let v = try c(f)
                        switch v {
                        case .string(let s):
                            try MemoryBudget.reserve(s.utf8.count, site)
                            out.append(s)
                        case .number(let x, .plain) where abs(x) < 1e15 && Double(Int64(x)) == x: out.appendWhole(Int64(x))
                        default: out.append(v.text)
                        }
                    }
                }
                return .string(out.finish())
            }
        }
    }

    /// Appends a value's printed form; plain whole numbers skip the general formatter.
    @inline(__always) static func appendText(_ v: Value, to out: inout String) {
        switch v {
        case .string(let s): out += s
        case .number(let x, .plain) where x == x.rounded(.towardZero) && abs(x) < 1e15: out += String(Int64(x))
        default: out += v.text
        }
    }

    private func record(_ fields: [RecordField]) throws -> Evaluator {
        var seen = Set<String>()
        for field in fields where !seen.insert(field.key).inserted {
            throw error("the field `\(field.key)` is written twice", field.keyRange)
        }
        let shape = RecordShape(keys: fields.map(\.key))
        let codes = try fields.map { try expression($0.value) }, count = codes.count
        return { f in .record(try Record.make(shape: shape, count: count) { try codes[$0](f) }) }
    }

    private func member(_ base: Expr, _ name: String, _ range: SourceRange) throws -> Evaluator {
        let code = try expression(base), s = site(range)
        // One-entry inline cache: records from the same literal share a shape.
        final class Cache { var shape: RecordShape?; var position = 0 }
        let cache = Cache()
        return { f in
            let v = try code(f)
            guard case .record(let r) = v else {
                if case .nodata = v { return .nodata }
                if case .object(let o) = v {
                    if let field = try s.object({ try o.member(name) }) { return field }
                    throw s.error("\(v.described) has no field `\(name)`", hint: Spelling.hint(for: name, in: o.memberNames))
                }
                throw s.error("cannot read the field `\(name)` of \(v.described)")
            }
            if r.shape === cache.shape { return r.value(at: cache.position) }
            guard let i = r.shape.position(of: name) else {
                throw s.error("the record has no field `\(name)`", hint: Spelling.hint(for: name, in: r.shape.keys))
            }
            cache.shape = r.shape
            cache.position = i
            return r.value(at: i)
        }
    }

    private func index(_ base: Expr, _ index: Expr, _ range: SourceRange) throws -> Evaluator {
        let b = try expression(base), i = try expression(index), s = site(range)
        return { f in try Compiler.subscriptValue(try b(f), try i(f), s) }
    }

    /// `xs[i]` (negative from the end) and `record["key"]`.
    static func subscriptValue(_ base: Value, _ index: Value, _ s: Site) throws -> Value {
        switch (base, index) {
        case (.list(let items), .number(let x, let u)) where u.dimension == .number:
            guard x == x.rounded(), abs(x) <= Double(Int.max / 2) else { throw s.error("a list index must be a whole number, found \(index.literal)") }
            let i = Int(x) < 0 ? items.count + Int(x) : Int(x)
            guard i >= 0, i < items.count else {
                throw s.error("index \(index.literal) is out of range for a list of \(items.count) item\(items.count == 1 ? "" : "s")")
            }
            return items[i]
        case (.record(let r), .string(let key)):
            guard let v = r[key] else { throw s.error("the record has no field \"\(key)\"", hint: Spelling.hint(for: key, in: r.shape.keys)) }
            return v
        case (.nodata, _), (_, .nodata):
            return .nodata
        case (.list, _):
            throw s.error("a list index must be a number, found \(index.described)")
        case (.record, _):
            throw s.error("a record index must be a string, found \(index.described)")
        default:
            throw s.error("cannot index \(base.described)")
        }
    }
}

/// Collects the text of an interpolation as UTF-8 bytes in a caller-provided buffer, so
/// building `"user-{i} spent {n}"` costs one String creation instead of an append per
/// piece. Text that does not fit continues in an ordinary String.
struct TextBuilder {
    static let capacity = 256
    let buffer: UnsafeMutableBufferPointer<UInt8>
    var count = 0
    /// The text so far, once it outgrew the buffer.
    var spill: String?

    init(buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    mutating func append(_ s: String) {
        if spill == nil {
            let start = count, room = buffer.count - count
            let copied = s.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
                guard bytes.count <= room else { return false }
                if let source = bytes.baseAddress, let target = buffer.baseAddress {
                    (target + start).update(from: source, count: bytes.count)
                }
                return true
            }
            if copied == true {
                count += s.utf8.count
                return
            }
            spillOver()
        }
        spill?.append(s)
    }

    /// The decimal digits of `n`, as `String(n)` writes them.
    mutating func appendWhole(_ n: Int64) {
        guard spill == nil, buffer.count - count >= 20 else {
            append(String(n))
            return
        }
        var m = n.magnitude, digits = 0
        repeat { digits += 1; m /= 10 } while m != 0
        if n < 0 {
            buffer[count] = UInt8(ascii: "-")
            count += 1
        }
        m = n.magnitude
        var i = count + digits
        count = i
        repeat {
            i -= 1
            buffer[i] = UInt8(truncatingIfNeeded: 48 &+ m % 10)
            m /= 10
        } while m != 0
    }

    private mutating func spillOver() {
        spill = String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
    }

    func finish() -> String {
        spill ?? String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
    }
}
