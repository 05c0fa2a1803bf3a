/// `range(n)`, `range(a, b)`, `range(a, b, step)`: validated bounds, shared by the `for`
/// fast path (which never builds the list) and the `range` builtin (which does).
enum RangeBounds {
    /// Lists longer than this are refused; iterate the range with `for` instead.
    static let maxListLength = 10_000_000

    /// (start, number of items, step).
    static func compute(_ args: [Value], _ s: Site) throws -> (Double, Double, Double) {
        var numbers: [Double] = []
        for a in args {
            guard case .number(let x, let u) = a, u.dimension == .number else {
                throw s.error("`range` needs plain numbers, found \(a.described)")
            }
            guard x.isFinite else { throw s.error("`range` needs finite numbers, found \(a.literal)") }
            numbers.append(x)
        }
        let start = numbers.count == 1 ? 0 : numbers[0]
        let end = numbers.count == 1 ? numbers[0] : numbers[1]
        let step = numbers.count == 3 ? numbers[2] : 1
        if step == 0 { throw s.error("the step of `range` cannot be zero") }
        let count = max(0, ((end - start) / step).rounded(.up))
        return (start, count, step)
    }

    /// The list, built in chunks with `work` told of each, so a long build stops at the
    /// time limit inside it rather than after it.
    static func list(_ args: [Value], _ s: Site, work: (Int) throws -> Void) throws -> [Value] {
        let (start, count, step) = try compute(args, s)
        guard count <= Double(maxListLength) else {
            throw s.error("`range` of \(Value.number(count).literal) items is too large to build as a list",
                          hint: "iterate it directly with `for i in range(…)`, which builds no list")
        }
        let n = Int(count)
        try MemoryBudget.reserve(n * MemoryLayout<Value>.stride, s)
        var out: [Value] = []
        out.reserveCapacity(n)
        let chunk = 1 << 16
        var k = 0
        while k < n {
            let end = min(n, k + chunk)
            try work(end - k)
            while k < end { out.append(.number(start + Double(k) * step, .plain)); k += 1 }
        }
        return out
    }
}
