import VigilCheck
import VigilSyntax

extension Compiler {
    /// Calls. A top-level function or a builtin named directly is bound at compile time
    /// (arguments go straight into the callee's slots); anything else is called as a value.
    func call(_ callee: Expr, _ args: [Argument], _ range: SourceRange) throws -> Evaluator {
        let positional = args.filter { $0.label == nil }.map(\.value)
        let labeled = args.compactMap { a in a.label.map { ($0, a.value) } }
        let s = site(range)
        if case .name(let name) = callee.kind, let binding = resolve(name, callee.range) {
            switch binding {
            case .baseline(let hook):
                return try baselineCall(hook, args, range)
            case .global where globals.functions.contains(name):
                if let user = functions[name] { return try directCall(user, positional, labeled, s) }
            case .builtin(let b):
                return try builtinCall(b, positional, labeled, s)
            default:
                break
            }
        }
        let f = try expression(callee)
        let pos = try positional.map(expression)
        let lab = try labeled.map { ($0.0, try expression($0.1)) }
        let machine = self.machine
        return { frame in
            let fv = try f(frame)
            guard case .function(let fn) = fv else {
                if case .nodata = fv { return .nodata }
                throw s.error("cannot call \(fv.described)")
            }
            let values = try pos.map { try $0(frame) }
            let named = try lab.map { ($0.0, try $0.1(frame)) }
            return try machine.call(fn, positional: values, labeled: named, s)
        }
    }

    /// A call of the builtin `name` itself, whatever the program binds to that name: how a
    /// command runs its builtin (`vigil status` evaluates `status(period: …)`) beside a
    /// program that defines a global of the same name.
    func builtinCall(named name: String, _ args: [Argument], _ range: SourceRange) throws -> Evaluator {
        guard let b = builtins[name] else { throw error("unknown builtin `\(name)`", range) }
        let positional = args.filter { $0.label == nil }.map(\.value)
        let labeled = args.compactMap { a in a.label.map { ($0, a.value) } }
        return try builtinCall(b, positional, labeled, site(range))
    }

    /// `baseline(S, window: 7d, method: "median")`: window and method must be literals.
    private func baselineCall(_ hook: (BaselineRequest) throws -> BaselineEvaluator, _ args: [Argument], _ range: SourceRange) throws -> Evaluator {
        guard let subject = args.first(where: { $0.label == nil })?.value else {
            throw error("`baseline(…)` needs the signal it is the baseline of", range, hint: "write `baseline(error_rate, window: 7d)`")
        }
        // `baseline` compiles to code of its own, but binds its arguments by the table like any builtin.
        let labels = args.compactMap(\.label), positional = args.count - labels.count
        if let binding = BuiltinBinding(name: "baseline"),
           case .failure(let problem) = binding.arrange(positional: positional, labels: labels) {
            throw error(problem.message, range, hint: problem.hint)
        }
        var request = BaselineRequest(subject: subject, file: file, range: range, window: nil, method: nil)
        for a in args where a.label != nil {
            switch (a.label, a.value.kind) {
            case ("window", .quantity(let q)) where q.dimension == .duration: request.window = q.value
            case ("method", .string(let segments)):
                if case .text(let m)? = segments.first, segments.count == 1, ["mean", "median", "ewma"].contains(m) { request.method = m }
                else { throw error("`method:` of `baseline` is \"mean\", \"median\" or \"ewma\"", a.value.range) }
            default:
                throw error("`baseline(…)` takes `window:` (a duration such as 7d) and `method:` (\"mean\", \"median\" or \"ewma\")", a.value.range)
            }
        }
        return try baselineCode(hook, request)
    }

    private func directCall(_ user: UserFunction, _ positional: [Expr], _ labeled: [(String, Expr)], _ s: Site) throws -> Evaluator {
        let slots = try arrangeUser(user, positional, labeled, s)
        struct Provided {
            let slot: Int
            let code: Evaluator
        }
        var provided: [Provided] = []
        var operands: [Operand] = []
        for (i, e) in slots.enumerated() {
            if let e {
                let o = try operand(e)
                operands.append(o)
                provided.append(Provided(slot: i, code: Compiler.evaluator(o)))
            }
        }
        let missing = slots.indices.filter { slots[$0] == nil }
        let counter = machine.counter
        if missing.isEmpty, operands.count == 1 {
            switch operands[0] {
            case .local(let slot): return Compiler.call1(user, SlotReader(slot: slot), counter, s)
            case .global(let chunk, let i): return Compiler.call1(user, GlobalReader(chunk: chunk, slot: i), counter, s)
            case .constant(let v): return Compiler.call1(user, ConstantReader(value: v), counter, s)
            case .code(let code): return Compiler.call1(user, CodeReader(code: code), counter, s)
            }
        }
        if missing.isEmpty, operands.count == 2 {
            let b = operands[1]
            switch operands[0] {
            case .local(let slot): return Compiler.call2(user, SlotReader(slot: slot), b, counter, s)
            case .global(let chunk, let i): return Compiler.call2(user, GlobalReader(chunk: chunk, slot: i), b, counter, s)
            case .constant(let v): return Compiler.call2(user, ConstantReader(value: v), b, counter, s)
            case .code(let code): return Compiler.call2(user, CodeReader(code: code), b, counter, s)
            }
        }
        return { f in
            let values = try provided.map { try $0.code(f) }
            try counter.pointee.enter(s)
            defer { counter.pointee.leave(s) }
            let frame = user.takeFrame()
            defer { user.returnFrame(frame) }
            for (k, v) in values.enumerated() { frame[provided[k].slot] = v }
            for i in missing {
                if let code = user.defaults[i] { frame[i] = try code(frame) }
            }
            return try user.run(frame)
        }
    }

    /// The code of an operand as a plain evaluator.
    static func evaluator(_ o: Operand) -> Evaluator {
        switch o {
        case .local(let slot): return { f in f[slot] }
        case .global(let chunk, let i): return { _ in chunk[i] }
        case .constant(let v): return { _ in v }
        case .code(let code): return code
        }
    }

    static func call1<A: OperandReader>(_ user: UserFunction, _ a: A, _ counter: UnsafeMutablePointer<StepCounter>, _ s: Site) -> Evaluator {
        return { f in
            let x = try a.read(f)
            try counter.pointee.enter(s)
            defer { counter.pointee.leave(s) }
            let frame = user.takeFrame()
            defer { user.returnFrame(frame) }
            frame.store(0, x)
            return try user.run(frame)
        }
    }

    private static func call2<A: OperandReader>(_ user: UserFunction, _ a: A, _ b: Operand,
                                                _ counter: UnsafeMutablePointer<StepCounter>, _ s: Site) -> Evaluator {
        switch b {
        case .local(let slot): return call2(user, a, SlotReader(slot: slot), counter, s)
        case .global(let chunk, let i): return call2(user, a, GlobalReader(chunk: chunk, slot: i), counter, s)
        case .constant(let v): return call2(user, a, ConstantReader(value: v), counter, s)
        case .code(let code): return call2(user, a, CodeReader(code: code), counter, s)
        }
    }

    static func call2<A: OperandReader, B: OperandReader>(_ user: UserFunction, _ a: A, _ b: B,
                                                          _ counter: UnsafeMutablePointer<StepCounter>, _ s: Site) -> Evaluator {
        return { f in
            let x = try a.read(f), y = try b.read(f)
            try counter.pointee.enter(s)
            defer { counter.pointee.leave(s) }
            let frame = user.takeFrame()
            defer { user.returnFrame(frame) }
            frame.store(0, x)
            frame.store(1, y)
            return try user.run(frame)
        }
    }

    /// Parameter position of each argument of a call to a known user function.
    private func arrangeUser(_ user: UserFunction, _ positional: [Expr], _ labeled: [(String, Expr)], _ s: Site) throws -> [Expr?] {
        let n = user.parameters.count
        if positional.count > n {
            throw s.error("`\(user.name)` takes \(n) argument\(n == 1 ? "" : "s"), got \(positional.count)")
        }
        var slots = [Expr?](repeating: nil, count: n)
        for (i, e) in positional.enumerated() { slots[i] = e }
        for (label, e) in labeled {
            guard let i = user.parameters.firstIndex(of: label) else {
                throw s.error("`\(user.name)` has no parameter `\(label)`", hint: Spelling.hint(for: label, in: user.parameters))
            }
            if slots[i] != nil { throw s.error("argument `\(label)` of `\(user.name)` is given twice") }
            slots[i] = e
        }
        for i in 0..<n where slots[i] == nil && !user.hasDefault[i] {
            throw s.error("missing argument `\(user.parameters[i])` in the call to `\(user.name)`")
        }
        return slots
    }

    private func builtinCall(_ b: Builtin, _ positional: [Expr], _ labeled: [(String, Expr)], _ s: Site) throws -> Evaluator {
        let (arranged, extra) = try b.arrange(positional: positional, labeled: labeled, s)
        var codes: [Evaluator?] = try arranged.map { try $0.map(expression) }
        if b.extraLabels {
            // One shape per call site: the labels are fixed in the source, so only values vary.
            let shape = RecordShape(keys: extra.map(\.0))
            if let literals = Self.literals(extra.map(\.1)) {
                // `series("x", code: ~"5..")`: the record is the same at every evaluation.
                let record = Value.record(Record(shape: shape, values: literals))
                codes.append({ _ in record })
            } else {
                let values = try extra.map { try expression($0.1) }
                codes.append({ f in .record(Record(shape: shape, values: try values.map { try $0(f) })) })
            }
        }
        let machine = self.machine, counter = machine.counter, run = b.run
        if codes.count == 1, let a = codes[0] {
            return { f in
                let x = try a(f)
                try counter.pointee.tick(s)
                return try run([x], BuiltinCall(machine: machine, site: s))
            }
        }
        return { f in
            var args: [Value] = []
            args.reserveCapacity(codes.count)
            for c in codes { args.append(try c?(f) ?? .none) }
            try counter.pointee.tick(s)
            return try run(args, BuiltinCall(machine: machine, site: s))
        }
    }

    /// The values of expressions that are all literals (strings without interpolation,
    /// regex matchers, quantities), or nil when one is not.
    static func literals(_ exprs: [Expr]) -> [Value]? {
        var out: [Value] = []
        for e in exprs {
            switch e.kind {
            case .quantity(let q): out.append(Value(q))
            case .regex(let pattern, let negated): out.append(.object(RegexMatcher(pattern: pattern, negated: negated)))
            case .string(let segments):
                if segments.isEmpty { out.append(.string("")); continue }
                guard segments.count == 1, case .text(let text) = segments[0] else { return nil }
                out.append(.string(text))
            default: return nil
            }
        }
        return out
    }
}
