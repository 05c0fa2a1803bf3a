import VigilSyntax

/// Higher-order and aggregate builtins over lists. Aggregates keep units (a sum of
/// durations is a duration) and treat nodata as contagious; an empty `avg`/`min`/`max` is nodata.
enum ListBuiltins {
    static let all: [Builtin] = higherOrder + aggregates

    static let higherOrder: [Builtin] = [
        Builtin(core: "map") { args, call in
            let items = try call.list(args[0], "the first argument of `map`"), f = try call.function(args[1], "the function of `map`")
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for x in items { out.append(try call.invoke(f, x)) }
            return .list(out)
        },
        Builtin(core: "filter") { args, call in
            let items = try call.list(args[0], "the first argument of `filter`"), f = try call.function(args[1], "the function of `filter`")
            var out: [Value] = []
            for x in items where try call.truth(try call.invoke(f, x), "the function of `filter`") == true { out.append(x) }
            return .list(out)
        },
        Builtin(core: "fold") { args, call in
            let items = try call.list(args[0], "the first argument of `fold`"), f = try call.function(args[2], "the function of `fold`")
            var acc = args[1]
            for x in items { acc = try call.invoke(f, acc, x) }
            return acc
        },
        Builtin(core: "any") { args, call in
            let items = try call.list(args[0], "the first argument of `any`"), f = try call.function(args[1], "the function of `any`")
            var unknown = false
            for x in items {
                switch try call.truth(try call.invoke(f, x), "the function of `any`") {
                case true?: return .bool(true)
                case nil: unknown = true
                case false?: break
                }
            }
            return unknown ? .nodata : .bool(false)
        },
        Builtin(core: "all") { args, call in
            let items = try call.list(args[0], "the first argument of `all`"), f = try call.function(args[1], "the function of `all`")
            var unknown = false
            for x in items {
                switch try call.truth(try call.invoke(f, x), "the function of `all`") {
                case false?: return .bool(false)
                case nil: unknown = true
                case true?: break
                }
            }
            return unknown ? .nodata : .bool(true)
        },
        Builtin(core: "sort") { args, call in
            let items = try call.list(args[0], "the first argument of `sort`")
            let keys = args[1].isNone ? items : try items.map { try call.invoke(try call.function(args[1], "`by` of `sort`"), $0) }
            var order = Array(items.indices)
            try order.sort { a, b in
                try call.work(1)
                if try less(keys[a], keys[b], call) { return true }
                return try !less(keys[b], keys[a], call) && a < b
            }
            return .list(order.map { items[$0] })
        },
        Builtin(core: "reverse") { args, call in
            let items = try call.list(args[0], "the argument of `reverse`")
            try call.work(items.count)
            return .list(items.reversed())
        },
    ]

    /// The order `sort` uses: numbers of one dimension, or strings.
    static func less(_ a: Value, _ b: Value, _ call: BuiltinCall) throws -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x < y
        case (.number, .number):
            if case .bool(let r) = try call.arithmetic(.lt, a, b) { return r }
            return false
        default: throw call.error("`sort` can only order numbers of one unit or strings, found \(a.described) and \(b.described)")
        }
    }

    static let aggregates: [Builtin] = [
        Builtin(core: "min") { args, call in try extreme(args, call, "min", .lt) },
        Builtin(core: "max") { args, call in try extreme(args, call, "max", .gt) },
        Builtin(core: "sum") { args, call in try sum(try call.list(args[0], "the argument of `sum`"), call) },
        Builtin(core: "avg") { args, call in
            let items = try call.list(args[0], "the argument of `avg`")
            if items.isEmpty { return .nodata }
            return try call.arithmetic(.div, try sum(items, call), .number(Double(items.count)))
        },
        Builtin(core: "count") { args, call in .number(Double(try call.list(args[0], "the argument of `count`").count)) },
    ]

    static func sum(_ items: [Value], _ call: BuiltinCall) throws -> Value {
        guard var total = items.first else { return .number(0) }
        if case .number = total {} else if case .nodata = total {} else {
            throw call.error("`sum` needs numbers, found \(total.described)")
        }
        for x in items.dropFirst() { total = try call.arithmetic(.add, total, x) }
        return total
    }

    /// `min(xs)`/`max(xs)` over a list, or `min(a, b)`/`max(a, b)` of two quantities.
    static func extreme(_ args: [Value], _ call: BuiltinCall, _ name: String, _ better: BinaryOp) throws -> Value {
        let candidates: [Value]
        if case .list(let items) = args[0], args[1].isNone {
            candidates = items
        } else if args[1].isNone {
            throw call.error("`\(name)` needs a list, or two values, found \(args[0].described)")
        } else {
            candidates = [args[0], args[1]]
        }
        guard var best = candidates.first else { return .nodata }
        for x in candidates {
            if case .nodata = x { return .nodata }
            guard case .number = x else { throw call.error("`\(name)` needs numbers, found \(x.described)") }
            if case .bool(true) = try call.arithmetic(better, x, best) { best = x }
        }
        return best
    }
}
