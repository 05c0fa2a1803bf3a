import VigilEngines

/// The choices a generator makes, drawn from the simulator's seeded SplitMix64 so a failing
/// sentence can be reproduced from its seed.
extension SplitMix64 {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Derives random sentences from an EBNF grammar. Past `depthLimit` every choice takes its
/// shortest alternative and every option and repetition is left out, so derivation ends.
struct SentenceGenerator {
    let grammar: EBNFGrammar
    let depthLimit: Int
    var random: SplitMix64
    /// Hand-written generators for the grammar's lexical terminals, by rule name.
    let lexical: [String: (inout SplitMix64) -> String]
    /// Rules whose sentences must not begin with these tokens (said in the grammar's comments).
    let forbiddenFirstTokens: [String: Set<String>]
    private var shortest: [String: Int] = [:]

    init(grammar: EBNFGrammar, seed: UInt64, depthLimit: Int,
         lexical: [String: (inout SplitMix64) -> String], forbiddenFirstTokens: [String: Set<String>]) {
        self.grammar = grammar
        self.depthLimit = depthLimit
        self.random = SplitMix64(seed: seed)
        self.lexical = lexical
        self.forbiddenFirstTokens = forbiddenFirstTokens
        // The length of each rule's shortest sentence, by fixpoint.
        var changed = true
        while changed {
            changed = false
            for name in grammar.order {
                let cost = Self.cost(grammar.rules[name]!, shortest)
                if cost < shortest[name] ?? Int.max { shortest[name] = cost; changed = true }
            }
        }
    }

    private static func cost(_ node: EBNFGrammar.Node, _ known: [String: Int]) -> Int {
        switch node {
        case .terminal, .special: return 1
        case .rule(let name): return known[name] ?? Int.max / 4
        case .sequence(let items): return min(Int.max / 4, items.reduce(0) { $0 + cost($1, known) })
        case .choice(let items): return items.map { cost($0, known) }.min() ?? 0
        case .optional, .repetition: return 0
        }
    }

    /// One sentence of `start`, as source text: tokens joined by spaces, `NL` as a line break.
    mutating func sentence(_ start: String) -> String {
        var tokens: [String] = []
        expand(.rule(start), depth: 0, into: &tokens)
        var out = ""
        for t in tokens {
            if t == "\n" { out += "\n"; continue }
            if !out.isEmpty, out.last != "\n" { out += " " }
            out += t
        }
        return out
    }

    private mutating func expand(_ node: EBNFGrammar.Node, depth: Int, into tokens: inout [String]) {
        let limited = depth >= depthLimit
        // Repetitions thin out with depth so sentences stay a readable size.
        let extra = limited ? 0 : 0.35 * Double(depthLimit - depth) / Double(depthLimit)
        switch node {
        case .terminal(let t): tokens.append(t)
        case .special: break  // only reached through a lexical rule, handled below
        case .sequence(let items): for item in items { expand(item, depth: depth, into: &tokens) }
        case .choice(let items):
            if limited {
                let best = items.min { Self.cost($0, shortest) < Self.cost($1, shortest) }!
                expand(best, depth: depth, into: &tokens)
            } else {
                expand(random.pick(items), depth: depth, into: &tokens)
            }
        case .optional(let inner):
            if random.chance(extra * 1.4) { expand(inner, depth: depth, into: &tokens) }
        case .repetition(let inner):
            while random.chance(extra) { expand(inner, depth: depth, into: &tokens) }
        case .rule(let name):
            if let make = lexical[name] {
                tokens.append(make(&random))
                return
            }
            let definition = grammar.rules[name]!
            guard let forbidden = forbiddenFirstTokens[name] else {
                expand(definition, depth: depth + 1, into: &tokens)
                return
            }
            for attempt in 0..<20 {
                var candidate: [String] = []
                expand(definition, depth: attempt < 19 ? depth + 1 : depthLimit, into: &candidate)
                if let first = candidate.first, !forbidden.contains(first) || attempt == 19 {
                    tokens += candidate
                    return
                }
            }
        }
    }
}
