/// Seeded programs that mix what name resolution must get right: top-level `let`s and `fn`s
/// named like builtins, parameters and locals named like builtins, lambdas capturing
/// globals, assignments, the two `baseline` forms or a user's own `baseline`, a service's
/// signals read bare and as members, and rules. Each comes with the lines it must print.
struct ProgramGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }

    /// SplitMix64: the same program for the same seed on every machine.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    private mutating func pick(_ names: [String]) -> String { names[int(0...(names.count - 1))] }

    private mutating func chance() -> Bool { next() % 2 == 0 }

    mutating func program() -> (source: String, printed: [String]) {
        var lines: [String] = [], uses: [String] = [], printed: [String] = []
        // A global named like a builtin, read and rebound.
        let global = pick(["status", "rate", "len", "sum", "count", "avg"]), k = int(1...9)
        lines.append("let \(global) = \(k)")
        uses.append("print(\(global) + 1)")
        printed.append("\(k + 1)")
        // A top-level function named like a builtin.
        let function = pick(["abs", "floor", "ceil", "increase", "delta"]), m = int(2...5), a = int(1...9)
        uses.insert("print(\(function)(\(a)))", at: 0)
        printed.insert("\(a * m)", at: 0)
        lines.append("fn \(function)(x) = x * \(m)")
        // Parameters and locals named like builtins.
        let c = int(1...9), v = int(1...9)
        lines.append("fn widen(max) {\n  let len = max + \(c)\n  return len * 2\n}")
        uses.append("print(widen(\(v)))")
        printed.append("\((v + c) * 2)")
        // A lambda capturing the global, and a builtin nobody shadows.
        lines.append("let add = fn(v) = v + \(global)")
        uses.append("print(add(2))")
        printed.append("\(2 + k)")
        uses.append("print(sqrt(16))")
        printed.append("4")
        // An assignment to the global, then a loop over the builtin `range`.
        uses.append("\(global) += 2")
        uses.append("print(\(global))")
        printed.append("\(k + 2)")
        let n = int(2...5)
        lines.append("let total = 0")
        uses.append("for i in range(\(n)) {\n  total = total + i\n}")
        uses.append("print(total)")
        printed.append("\(n * (n - 1) / 2)")
        // `baseline` as the user's own global, or as the baseline forms in a service.
        let ownBaseline = chance()
        if ownBaseline {
            let b = int(1...9)
            lines.append("let baseline = \(b)")
            uses.append("print(baseline * 2)")
            printed.append("\(b * 2)")
        }
        let service = "svc\(int(1...99))"
        var block = """
            service \(service) {
              signal error_rate = ratio(series("errors_total", service: "\(service)"), series("requests_total", service: "\(service)"), 5m)
              signal doubled = error_rate * 2

            """
        if ownBaseline {
            block += "  when error_rate > baseline / 100 for 10m then rollback\n"
        } else {
            block += "  when error_rate > baseline + 0.5% for 10m then rollback\n"
            if chance() { block += "  when doubled > baseline(doubled, window: 1d, method: \"median\") * 2 for 10m then rollback\n" }
        }
        block += "}"
        lines.append(block)
        lines.append("when \(service).error_rate > \(global) / 100 for 5m then page(\"oncall\", \"errors up\")")
        return ((lines + uses).joined(separator: "\n") + "\n", printed)
    }
}
