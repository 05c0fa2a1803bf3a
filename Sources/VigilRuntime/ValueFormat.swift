import VigilSyntax

extension Value: CustomStringConvertible {
    /// The literal form: `2`, `0.5%`, `1h30m`, `$1800.50`, `"text"` inside collections.
    public var description: String { literal }

    /// How the value would be written in source (strings quoted).
    public var literal: String {
        switch self {
        case .number(let v, let u): return QuantityFormat.format(v, u.dimension, u.style)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return Value.quoted(s)
        case .list(let items): return "[" + items.map(\.literal).joined(separator: ", ") + "]"
        case .record(let r):
            let fields = zip(r.shape.keys, r.values).map { k, v in
                (Value.isIdentifier(k) ? k : Value.quoted(k)) + ": " + v.literal
            }
            return "{" + fields.joined(separator: ", ") + "}"
        case .function(let f): return "<fn \(f.name)>"
        case .none: return "none"
        case .nodata: return "nodata"
        case .object(let o): return o.display
        }
    }

    /// What `print`, `str` and interpolation show: strings raw, everything else literal.
    public var text: String {
        if case .string(let s) = self { return s }
        return literal
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "{": out += "\\{"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.utf8.first, first == UInt8(ascii: "_") || (first | 0x20 >= 97 && first | 0x20 <= 122) else { return false }
        return s.utf8.allSatisfy { $0 == UInt8(ascii: "_") || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) || ($0 >= 48 && $0 <= 57) }
    }
}
