extension GateReport {
    /// JUnit XML, as CI test tabs read it: a suite per policy (and per file that could not
    /// be judged), a test case per line; a failed require is a failure, an error an error.
    func junit() -> String {
        typealias XML = ReportText
        var suites: [(name: String, file: String?, cases: [String], failures: Int, errors: Int)] = []
        for file in files {
            if !file.problems.isEmpty {
                let cases = file.problems.map { Self.errorCase($0, name: "\($0.kind.rawValue) error") }
                suites.append((file.path ?? "vigil", file.path, cases, 0, cases.count))
            }
            for l in file.lines {
                if suites.last?.name != l.policy || suites.last?.file != l.file {
                    suites.append((l.policy, l.file, [], 0, 0))
                }
                let i = suites.count - 1
                if let p = l.problem {
                    suites[i].cases.append(Self.errorCase(p, name: l.label))
                    suites[i].errors += 1
                    continue
                }
                var test = "    <testcase name=\"\(XML.xml(l.label))\" classname=\"\(XML.xml(l.file)):\(l.line)\""
                if l.blocks {
                    let kind = l.outcome == .nodata ? "no data" : "failed"
                    test += ">\n      <failure message=\"\(XML.xml(l.observed.isEmpty ? kind : l.observed))\" type=\"\(kind)\"/>\n    </testcase>"
                    suites[i].failures += 1
                } else if l.warns {
                    test += ">\n      <system-out>warning: \(XML.xml(l.observed))</system-out>\n    </testcase>"
                } else {
                    test += "/>"
                }
                suites[i].cases.append(test)
            }
        }
        let tests = suites.reduce(0) { $0 + $1.cases.count }
        let failures = suites.reduce(0) { $0 + $1.failures }, errors = suites.reduce(0) { $0 + $1.errors }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"vigil check\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        for s in suites {
            out += "  <testsuite name=\"\(XML.xml(s.name))\""
            if let file = s.file { out += " file=\"\(XML.xml(file))\"" }
            out += " tests=\"\(s.cases.count)\" failures=\"\(s.failures)\" errors=\"\(s.errors)\">\n"
            for c in s.cases { out += c + "\n" }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>"
    }

    /// A test case that errored, carrying the diagnostic as a person reads it.
    static func errorCase(_ p: GateProblem, name: String) -> String {
        typealias XML = ReportText
        let place = (p.file ?? "vigil") + (p.line.map { ":\($0)" } ?? "")
        return "    <testcase name=\"\(XML.xml(name))\" classname=\"\(XML.xml(place))\">\n"
            + "      <error message=\"\(XML.xml(p.message))\" type=\"\(p.kind.rawValue) error\">\(XML.xml(p.rendered))</error>\n"
            + "    </testcase>"
    }
}
