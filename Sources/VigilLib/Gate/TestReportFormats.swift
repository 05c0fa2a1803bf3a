extension TestReport {
    /// A line per test, its failures or errors right under it, then the counts.
    func text() -> String {
        var out = ""
        for c in cases {
            let tag = c.status == .pass ? "pass " : c.status == .fail ? "FAIL " : "ERROR"
            out += "\(tag) \(c.file)" + (c.name.map { ": test \"\($0)\"" } ?? "") + "\n"
            for f in c.failures { out += "        \(f)\n" }
            for p in c.problems {
                out += p.rendered.split(separator: "\n", omittingEmptySubsequences: false).map { "        \($0)" }
                    .joined(separator: "\n") + "\n"
            }
        }
        return out + summary
    }

    /// JUnit XML: a suite per file, a case per test; unmet expectations are a failure,
    /// a script or data error an error.
    func junit() -> String {
        typealias XML = ReportText
        var files: [(String, [Case])] = []
        for c in cases {
            if files.last?.0 == c.file { files[files.count - 1].1.append(c) } else { files.append((c.file, [c])) }
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"vigil test\" tests=\"\(cases.count)\" failures=\"\(failed)\" errors=\"\(errored)\">\n"
        for (file, cs) in files {
            let f = cs.filter { $0.status == .fail }.count, e = cs.filter { $0.status == .error }.count
            out += "  <testsuite name=\"\(XML.xml(file))\" file=\"\(XML.xml(file))\" tests=\"\(cs.count)\" failures=\"\(f)\" errors=\"\(e)\">\n"
            for c in cs {
                out += "    <testcase name=\"\(XML.xml(c.name ?? file))\" classname=\"\(XML.xml(file)):\(c.line)\""
                switch c.status {
                case .pass: out += "/>\n"; continue
                case .fail:
                    let first = c.failures.first ?? "failed"
                    out += ">\n      <failure message=\"\(XML.xml(first))\" type=\"failed\">\(XML.xml(c.failures.joined(separator: "\n")))</failure>\n"
                case .error:
                    let first = c.problems.first?.message ?? "error"
                    let body = c.problems.map(\.rendered).joined(separator: "\n")
                    out += ">\n      <error message=\"\(XML.xml(first))\" type=\"\(c.problems.first?.kind.rawValue ?? "script") error\">\(XML.xml(body))</error>\n"
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>"
    }

    func json() -> String {
        let tests: [JSONValue] = cases.map { c in
            .object([
                ("file", .string(c.file)), ("line", .integer(c.line)), ("column", .integer(c.column)),
                ("name", .text(c.name)), ("outcome", .string(c.status.rawValue)),
                ("failures", .array(c.failures.map(JSONValue.string))),
                ("errors", .array(c.problems.map(GateReport.json))),
            ])
        }
        return JSONValue.object([
            ("passed", .bool(exitStatus == 0)),
            ("counts", .object([("passed", .integer(passed)), ("failed", .integer(failed)), ("errors", .integer(errored))])),
            ("tests", .array(tests)),
            ("errors", .array(cases.flatMap(\.problems).map(GateReport.json))),
        ]).render()
    }

    /// An `::error` annotation per failed test (at its `test` line) and per error.
    func github() -> String {
        var out: [String] = []
        for c in cases {
            switch c.status {
            case .pass: continue
            case .fail:
                out.append(ReportText.githubAnnotation("error", file: c.file, line: c.line, column: c.column,
                                                       title: c.title, message: c.failures.joined(separator: "\n")))
            case .error:
                out += c.problems.map { GateReport.githubError($0, title: c.name.map { "test \"\($0)\"" }) }
            }
        }
        out.append("vigil test: " + summary)
        return out.joined(separator: "\n")
    }
}
