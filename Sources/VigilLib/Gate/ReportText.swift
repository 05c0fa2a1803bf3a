import Foundation

/// A JSON value built in order, rendered with shortest round-trip numbers (Foundation's
/// serializer may print 0.0062 as 0.0061999999999999998 and reorders keys).
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

/// Escaping and time formats the CI report formats share.
enum ReportText {
    static func xml(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            // XML 1.0 cannot carry other control characters at all.
            case _ where scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r": out += "?"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// GitHub workflow-command escaping for messages.
    static func githubData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// …and for properties, which also escape `:` and `,`.
    static func githubProperty(_ s: String) -> String {
        githubData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    /// `::error file=…,line=…,col=…,title=…::message`; location parts only when known.
    static func githubAnnotation(_ kind: String, file: String?, line: Int?, column: Int?, title: String?, message: String) -> String {
        var properties: [String] = []
        if let file { properties.append("file=\(githubProperty(file))") }
        if let line { properties.append("line=\(line)") }
        if let column { properties.append("col=\(column)") }
        if let title { properties.append("title=\(githubProperty(title))") }
        return "::\(kind)" + (properties.isEmpty ? "" : " " + properties.joined(separator: ",")) + "::\(githubData(message))"
    }

    /// RFC 3339 in UTC, with milliseconds only when there are some: `2025-01-15T14:30:00Z`.
    static func rfc3339(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        let whole = seconds.rounded(.down)
        formatter.formatOptions = seconds == whole ? [.withInternetDateTime] : [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
