import VigilSyntax

extension Compiler {
    /// A `{ … }` block: its locals have the slots the checker gave them.
    func block(_ b: Block) throws -> Executor {
        try statements(b.stmts)
    }

    /// Statements compiled in order and run one after the other. (Compiled code is never
    /// kept in a bare array of closures: taking a closure back out of one wraps it in a
    /// reabstraction thunk that every run would pay for.)
    func statements(_ stmts: [Stmt]) throws -> Executor {
        switch stmts.count {
        case 0: return { _ in nil }
        case 1: return try statement(stmts[0])
        case 2:
            let a = try statement(stmts[0]), b = try statement(stmts[1])
            return { f in try a(f) ?? b(f) }
        default:
            var steps: [Step] = []
            for stmt in stmts { steps.append(Step(run: try statement(stmt))) }
            return Compiler.sequence(steps)
        }
    }

    /// One compiled statement, boxed in a struct so an array of them keeps the closures at
    /// their natural abstraction.
    struct Step {
        let run: Executor
    }

    func sequence(_ codes: [Executor]) -> Executor {
        switch codes.count {
        case 0: return { _ in nil }
        case 1: return codes[0]
        default: return Compiler.sequence(codes.map { Step(run: $0) })
        }
    }

    static func sequence(_ steps: [Step]) -> Executor {
        if steps.count == 2 {
            let a = steps[0].run, b = steps[1].run
            return { f in try a(f) ?? b(f) }
        }
        return { f in
            for step in steps { if let r = try step.run(f) { return r } }
            return nil
        }
    }

    func statement(_ stmt: Stmt) throws -> Executor {
        switch stmt.kind {
        case .let(let name, let nameRange, let value):
            // The checker resolved the value before declaring the name, so `let x = x + 1` reads the outer `x`.
            let code = try expression(value)
            return store(try declareTarget(name, nameRange), code)
        case .assign(let name, let nameRange, let op, let value):
            return try assignment(name, nameRange, op, value, stmt.range)
        case .expr(let e):
            let code = try expression(e)
            return { f in _ = try code(f); return nil }
        case .if(let branches, let elseBlock):
            return try conditional(branches, elseBlock)
        case .for(let name, let nameRange, let iterable, let body):
            return try loop(name, nameRange, iterable, body, stmt.range)
        case .return(let value):
            guard let value else { return { _ in Value.none } }
            let code = try expression(value)
            return { f in try code(f) }
        case .function(let decl):
            return try functionStatement(decl)
        }
    }

    private func functionStatement(_ decl: FunctionDecl) throws -> Executor {
        if declaresGlobal(decl.name, decl.nameRange) {
            // Hoisted: the loader bound it before any statement ran.
            return { _ in nil }
        }
        let user = UserFunction(name: decl.name, decl.function)
        let slot = try declaredSlot(decl.name, decl.nameRange)
        try compileFunction(decl.function, into: user, nested: true)
        return { f in f[slot] = .function(Function(user: user, captured: f)); return nil }
    }

    private func assignment(_ name: String, _ nameRange: SourceRange, _ op: AssignOp, _ value: Expr, _ range: SourceRange) throws -> Executor {
        let code = try expression(value), target = try writeTarget(name, nameRange)
        // `x = x + e`, `x = x - e`, `x = x * e` and `x += e`, `x -= e` on a local or a
        // global: one closure reads, computes and stores (same order, same errors).
        if let update = try accumulation(name, target, op, value, range) { return update }
        guard op != .set else { return store(target, code) }
        let current = try read(name, nameRange), s = site(range)
        let binaryOp: BinaryOp = op == .add ? .add : .sub
        let texts = OperandTexts(left: name, right: text(value.range))
        let update: Evaluator = { f in
            let a = try current(f), b = try code(f)
            if case .number(let x, .plain) = a, case .number(let y, .plain) = b {
                return .number(binaryOp == .add ? x + y : x - y, .plain)
            }
            return try Operators.binary(binaryOp, a, b, s, texts)
        }
        return store(target, update)
    }

    private func accumulation(_ name: String, _ target: Target, _ op: AssignOp, _ value: Expr, _ range: SourceRange) throws -> Executor? {
        let binaryOp: BinaryOp, right: Operand, k: BinaryCode
        if op == .set {
            guard case .binary(let bop, let lhs, let rhs) = value.kind, bop == .add || bop == .sub || bop == .mul,
                  case .name(let n) = lhs.kind, n == name else { return nil }
            binaryOp = bop
            right = try operand(rhs)
            k = BinaryCode(bop, site(value.range), OperandTexts(left: text(lhs.range), right: text(rhs.range)),
                           constant: Compiler.constant(of: right), machine: machine)
        } else {
            binaryOp = op == .add ? .add : .sub
            right = try operand(value)
            k = BinaryCode(binaryOp, site(range), OperandTexts(left: name, right: text(value.range)),
                           constant: Compiler.constant(of: right), machine: machine)
        }
        // A fused literal chain on the right (`total + (i * 3 + 1) mod 7`) is read inline.
        var chain: (leaf: Operand, code: ChainCode)?
        let rightExpr: Expr
        if op == .set, case .binary(_, _, let rhs) = value.kind { rightExpr = rhs } else { rightExpr = value }
        if case .binary(let o, let l, let r) = rightExpr.kind, case .code(let general) = right,
           let (leaf, steps) = try chainParts(o, l, r) {
            chain = (leaf, ChainCode(steps, general: general))
        }
        switch target {
        case .slot(let slot): return Compiler.accumulate(binaryOp, SlotReader(slot: slot), right, chain, k)
        case .global(let chunk, let i): return Compiler.accumulate(binaryOp, GlobalReader(chunk: chunk, slot: i), right, chain, k)
        case .other: return nil
        }
    }

    private static func constant(of o: Operand) -> Value {
        if case .constant(let v) = o { return v }
        return .none
    }

    private static func accumulate<V: Variable>(_ op: BinaryOp, _ v: V, _ r: Operand, _ chain: (leaf: Operand, code: ChainCode)?,
                                                _ k: BinaryCode) -> Executor {
        if let chain {
            switch chain.leaf {
            case .local(let slot): return accumulate(op, v, ChainReader(leaf: SlotReader(slot: slot), code: chain.code), k)
            case .global(let c, let i): return accumulate(op, v, ChainReader(leaf: GlobalReader(chunk: c, slot: i), code: chain.code), k)
            default: break
            }
        }
        switch r {
        case .local(let slot): return accumulate(op, v, SlotReader(slot: slot), k)
        case .global(let chunk, let i): return accumulate(op, v, GlobalReader(chunk: chunk, slot: i), k)
        case .constant(let c): return accumulate(op, v, ConstantReader(value: c), k)
        case .code(let code): return accumulate(op, v, CodeReader(code: code), k)
        }
    }

    private static func accumulate<V: Variable, R: OperandReader>(_ op: BinaryOp, _ v: V, _ r: R, _ k: BinaryCode) -> Executor {
        switch op {
        case .add:
            return { f in
                let a = v.read(f), b = try r.read(f)
                if case .number(let x, .plain) = a, case .number(let y, .plain) = b {
                    v.write(f, .number(x + y, .plain))
                } else {
                    v.write(f, try k.apply(a, b))
                }
                return nil
            }
        case .sub:
            return { f in
                let a = v.read(f), b = try r.read(f)
                if case .number(let x, .plain) = a, case .number(let y, .plain) = b {
                    v.write(f, .number(x - y, .plain))
                } else {
                    v.write(f, try k.apply(a, b))
                }
                return nil
            }
        default:
            return { f in
                let a = v.read(f), b = try r.read(f)
                if case .number(let x, .plain) = a, case .number(let y, .plain) = b {
                    v.write(f, .number(x * y, .plain))
                } else {
                    v.write(f, try k.apply(a, b))
                }
                return nil
            }
        }
    }

    /// `target = code`, with the store inlined for a slot of the current frame or a global.
    private func store(_ target: Target, _ code: @escaping Evaluator) -> Executor {
        switch target {
        case .slot(let slot):
            return { f in
                let v = try code(f)
                f[slot] = v
                return nil
            }
        case .global(let chunk, let i):
            return { f in
                let v = try code(f)
                chunk[i] = v
                return nil
            }
        case .other(let write):
            return { f in
                let v = try code(f)
                write(f, v)
                return nil
            }
        }
    }

    private func conditional(_ branches: [IfBranch], _ elseBlock: Block?) throws -> Executor {
        struct Branch {
            let condition: Evaluator
            let body: Executor
            let site: Site
        }
        let compiled = try branches.map { b in
            Branch(condition: try expression(b.condition), body: try block(b.body), site: site(b.condition.range))
        }
        let otherwise = try elseBlock.map(block)
        if compiled.count == 1 {
            let b = compiled[0]
            if let otherwise {
                return { f in
                    try Operators.truth(try b.condition(f), b.site, "an `if` condition") == true ? try b.body(f) : try otherwise(f)
                }
            }
            return { f in
                try Operators.truth(try b.condition(f), b.site, "an `if` condition") == true ? try b.body(f) : nil
            }
        }
        return { f in
            for b in compiled where try Operators.truth(try b.condition(f), b.site, "an `if` condition") == true {
                return try b.body(f)
            }
            return try otherwise?(f)
        }
    }

    private func loop(_ name: String, _ nameRange: SourceRange, _ iterable: Expr, _ body: Block, _ range: SourceRange) throws -> Executor {
        let s = site(range), counter = machine.counter
        if let bounds = try rangeBounds(iterable) {
            let slot = try declaredSlot(name, nameRange)
            let code = try block(body)
            return { f in
                let (start, count, step) = try bounds(f)
                var k = 0.0
                while k < count {
                    try counter.pointee.tick(s)
                    f[slot] = .number(start + k * step, .plain)
                    if let r = try code(f) { return r }
                    k += 1
                }
                return nil
            }
        }
        let items = try expression(iterable), itemsSite = site(iterable.range)
        let slot = try declaredSlot(name, nameRange)
        let code = try block(body)
        return { f in
            let v = try items(f)
            let list: [Value]
            switch v {
            case .list(let items): list = items
            case .object(let o) where o.elements != nil: list = o.elements ?? []
            case .nodata: list = []
            default: throw itemsSite.error("a `for` loop needs a list, found \(v.described)")
            }
            for item in list {
                try counter.pointee.tick(s)
                f[slot] = item
                if let r = try code(f) { return r }
            }
            return nil
        }
    }

    /// `for i in range(…)` iterates without building the list: the code computes the start,
    /// the number of iterations and the step.
    private func rangeBounds(_ iterable: Expr) throws -> ((Frame) throws -> (Double, Double, Double))? {
        guard case .call(let callee, let args) = iterable.kind, case .name("range") = callee.kind,
              case .builtin = resolve("range", callee.range), args.allSatisfy({ $0.label == nil }), (1...3).contains(args.count)
        else { return nil }
        let codes = try args.map { try expression($0.value) }, s = site(iterable.range)
        return { f in try RangeBounds.compute(try codes.map { try $0(f) }, s) }
    }
}
