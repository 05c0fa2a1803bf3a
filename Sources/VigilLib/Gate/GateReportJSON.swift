extension GateReport {
    /// For scripts and dashboards: the verdict, when and over which data it was judged,
    /// each line with its observed values as numbers, and every error.
    func json() -> String {
        var top: [(String, JSONValue)] = [
            ("passed", .bool(verdict == .pass)),
            ("verdict", .string(verdict.rawValue)),
            ("evaluatedAt", .text(evaluatedAt.map(ReportText.rfc3339))),
        ]
        if let dataRange {
            top.append(("dataRange", .object([("first", .string(ReportText.rfc3339(dataRange.first))),
                                              ("last", .string(ReportText.rfc3339(dataRange.last)))])))
        } else {
            top.append(("dataRange", .null))
        }
        top.append(("results", .array(lines.map(Self.json))))
        top.append(("errors", .array(errors.map(Self.json))))
        return JSONValue.object(top).render()
    }

    static func json(_ l: GateLine) -> JSONValue {
        .object([
            ("file", .string(l.file)), ("line", .integer(l.line)), ("column", .integer(l.column)),
            ("policy", .string(l.policy)), ("level", .string(l.level.rawValue)), ("label", .string(l.label)),
            ("outcome", .string(l.outcome.rawValue)), ("observed", .string(l.observed)),
            ("values", .array(l.values.map(json))),
        ])
    }

    static func json(_ v: GateValue) -> JSONValue {
        var members: [(String, JSONValue)] = [("expression", .string(v.expression))]
        if !v.labels.isEmpty {
            members.append(("labels", .object(v.labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        members += [("number", .decimal(v.number)), ("unit", .text(v.unit)), ("text", .string(v.text))]
        return .object(members)
    }

    static func json(_ p: GateProblem) -> JSONValue {
        .object([
            ("kind", .string(p.kind.rawValue)), ("file", .text(p.file)), ("line", .integer(p.line)),
            ("column", .integer(p.column)), ("message", .string(p.message)), ("hint", .text(p.hint)),
        ])
    }
}
