import Foundation

/// A grammar read from ISO-style EBNF (grammar/vigil.ebnf), for deriving test sentences.
/// Rules whose whole definition is a `? … ?` special sequence are lexical terminals.
struct EBNFGrammar {
    indirect enum Node {
        case terminal(String)
        case rule(String)
        case special(String)
        case sequence([Node])
        case choice([Node])
        case optional(Node)
        case repetition(Node)
    }

    struct SyntaxError: Error, CustomStringConvertible {
        var description: String
    }

    private(set) var rules: [String: Node] = [:]
    private(set) var order: [String] = []

    init(text: String) throws {
        var reader = Reader(chars: Array(text))
        while true {
            reader.skipTrivia()
            if reader.atEnd { break }
            let name = try reader.name()
            try reader.expect("=")
            let definition = try reader.definition()
            try reader.expect(";")
            if rules[name] != nil { throw SyntaxError(description: "rule `\(name)` is defined twice") }
            rules[name] = definition
            order.append(name)
        }
        for name in order { try checkReferences(rules[name]!, in: name) }
    }

    /// Names of rules that are lexical terminals.
    var lexicalRules: [String] {
        order.filter { if case .special = rules[$0]! { return true }; return false }
    }

    private func checkReferences(_ node: Node, in rule: String) throws {
        switch node {
        case .rule(let name) where rules[name] == nil:
            throw SyntaxError(description: "rule `\(rule)` refers to undefined `\(name)`")
        case .sequence(let items), .choice(let items): for item in items { try checkReferences(item, in: rule) }
        case .optional(let inner), .repetition(let inner): try checkReferences(inner, in: rule)
        default: break
        }
    }

    /// A character reader over the EBNF text.
    private struct Reader {
        let chars: [Character]
        var pos = 0

        var atEnd: Bool { pos >= chars.count }
        var peek: Character? { pos < chars.count ? chars[pos] : nil }

        mutating func skipTrivia() {
            while let c = peek {
                if c.isWhitespace { pos += 1; continue }
                if c == "(", pos + 1 < chars.count, chars[pos + 1] == "*" {
                    pos += 2
                    while pos + 1 < chars.count, !(chars[pos] == "*" && chars[pos + 1] == ")") { pos += 1 }
                    pos += 2
                    continue
                }
                return
            }
        }

        func error(_ message: String) -> SyntaxError {
            let line = chars[0..<min(pos, chars.count)].filter { $0 == "\n" }.count + 1
            return SyntaxError(description: "vigil.ebnf line \(line): \(message)")
        }

        mutating func expect(_ c: Character) throws {
            skipTrivia()
            guard peek == c else { throw error("expected `\(c)`, found `\(peek.map(String.init) ?? "end")`") }
            pos += 1
        }

        mutating func name() throws -> String {
            skipTrivia()
            var out = ""
            while let c = peek, c.isLetter || c.isNumber || c == "_" { out.append(c); pos += 1 }
            if out.isEmpty { throw error("expected a rule name") }
            return out
        }

        mutating func definition() throws -> Node {
            var alternatives = [try sequence()]
            while true {
                skipTrivia()
                guard peek == "|" else { break }
                pos += 1
                alternatives.append(try sequence())
            }
            return alternatives.count == 1 ? alternatives[0] : .choice(alternatives)
        }

        private mutating func sequence() throws -> Node {
            var items: [Node] = []
            while true {
                skipTrivia()
                guard let c = peek, !"|;)]}".contains(c) else { break }
                items.append(try term())
            }
            if items.isEmpty { throw error("empty alternative") }
            return items.count == 1 ? items[0] : .sequence(items)
        }

        private mutating func term() throws -> Node {
            guard let c = peek else { throw error("unexpected end") }
            switch c {
            case "\"":
                pos += 1
                var text = ""
                while let d = peek, d != "\"" { text.append(d); pos += 1 }
                try expect("\"")
                return .terminal(text)
            case "?":
                // A special sequence ends at the `?` that is followed by the rule's `;`
                // (regular expressions inside it use `?` too).
                pos += 1
                let start = pos
                while pos < chars.count {
                    if chars[pos] == "?" {
                        var k = pos + 1
                        while k < chars.count, chars[k].isWhitespace { k += 1 }
                        if k < chars.count, chars[k] == ";" { break }
                    }
                    pos += 1
                }
                let text = String(chars[start..<min(pos, chars.count)]).trimmingCharacters(in: .whitespaces)
                try expect("?")
                return .special(text)
            case "(", "[", "{":
                pos += 1
                let inner = try definition()
                try expect(c == "(" ? ")" : c == "[" ? "]" : "}")
                return c == "(" ? inner : c == "[" ? .optional(inner) : .repetition(inner)
            default:
                return .rule(try name())
            }
        }
    }
}
