import Foundation

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
