import Foundation

/// A JSON value whose members keep the order they were built in and whose numbers show 15
/// significant digits (Foundation's serializer sorts or scrambles keys and may print 0.0062
/// seconds as 0.006200000000000001).
public indirect enum JSONValue: Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.render() == b.render() }

    /// Optional values become `null`.
    static func text(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
    static func integer(_ n: Int?) -> JSONValue { n.map { .number(Double($0)) } ?? .null }
    static func decimal(_ n: Double?) -> JSONValue { n.map(JSONValue.number) ?? .null }

    /// Two-space indented, one member per line.
    public func render(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .string(let s): return Self.quote(s)
        case .number(let n):
            guard n.isFinite else { return "null" }
            if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
            // 15 significant digits: 6.2ms is 0.0062 seconds, not its binary neighbour
            // 0.006200000000000001.
            return Double(String(format: "%.15g", n)).map { "\($0)" } ?? "\(n)"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + $0.render(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            return "{\n" + members.map { inner + Self.quote($0.0) + ": " + $0.1.render(indent: inner) }
                .joined(separator: ",\n") + "\n\(indent)}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
