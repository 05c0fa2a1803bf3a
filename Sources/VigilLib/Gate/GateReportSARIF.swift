import Foundation

extension GateReport {
    /// The tool's rules, one per kind of result a gate reports.
    static let sarifRules: [(id: String, text: String)] = [
        ("require-failed", "A policy requirement was false or had no data"),
        ("warn-raised", "A policy warning held or had no data"),
        ("script-error", "A script error: the gate could not be judged"),
        ("data-error", "A data error: the gate could not be judged"),
    ]

    /// SARIF 2.1.0, for code-scanning UIs: one result per failed require (error), raised
    /// warn (warning) and script or data error (error), each with its file region.
    func sarif() -> String {
        var results: [JSONValue] = []
        for file in files {
            for p in file.problems { results.append(Self.sarif(p)) }
            for l in file.lines {
                if let p = l.problem {
                    results.append(Self.sarif(p, prefix: "\(l.policy): \(l.label): "))
                } else if l.blocks || l.warns {
                    let message = "\(l.policy): \(l.label): " + (Self.detail(l).isEmpty ? l.outcome.rawValue : Self.detail(l))
                    results.append(Self.sarifResult(rule: l.blocks ? "require-failed" : "warn-raised",
                                                    level: l.blocks ? "error" : "warning", message: message,
                                                    file: l.file, line: l.line, column: l.column))
                }
            }
        }
        let driver: JSONValue = .object([
            ("name", .string("vigil")),
            ("rules", .array(Self.sarifRules.map { .object([("id", .string($0.id)),
                                                             ("shortDescription", .object([("text", .string($0.text))]))]) })),
        ])
        let run: JSONValue = .object([
            ("tool", .object([("driver", driver)])),
            ("invocations", .array([.object([("executionSuccessful", .bool(errors.isEmpty)),
                                             ("exitCode", .number(Double(exitStatus)))])])),
            ("results", .array(results)),
        ])
        return JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ]).render()
    }

    static func sarif(_ p: GateProblem, prefix: String = "") -> JSONValue {
        sarifResult(rule: "\(p.kind.rawValue)-error", level: "error",
                    message: prefix + p.message + (p.hint.map { " (hint: \($0))" } ?? ""),
                    file: p.file, line: p.line, column: p.column)
    }

    static func sarifResult(rule: String, level: String, message: String, file: String?, line: Int?, column: Int?) -> JSONValue {
        var result: [(String, JSONValue)] = [
            ("ruleId", .string(rule)),
            ("ruleIndex", .number(Double(sarifRules.firstIndex { $0.id == rule } ?? 0))),
            ("level", .string(level)),
            ("message", .object([("text", .string(message))])),
        ]
        if let file {
            var physical: [(String, JSONValue)] = [("artifactLocation", .object([("uri", .string(sarifURI(file)))]))]
            if let line {
                var region: [(String, JSONValue)] = [("startLine", .number(Double(line)))]
                if let column { region.append(("startColumn", .number(Double(column)))) }
                physical.append(("region", .object(region)))
            }
            result.append(("locations", .array([.object([("physicalLocation", .object(physical))])])))
        }
        return .object(result)
    }

    /// A relative path is a URI reference against the checkout; an absolute one a file URI.
    static func sarifURI(_ path: String) -> String {
        let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }
}
