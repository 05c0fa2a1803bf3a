extension GateReport {
    /// GitHub Actions workflow commands: an `::error` annotation per failed require and per
    /// script or data error, a `::warning` per raised warn, then a one-line verdict.
    func github() -> String {
        var out: [String] = []
        for file in files {
            for p in file.problems { out.append(Self.githubError(p)) }
            for l in file.lines {
                if let p = l.problem {
                    out.append(Self.githubError(p, title: "\(l.policy): \(l.label)"))
                } else if l.blocks || l.warns {
                    out.append(ReportText.githubAnnotation(l.blocks ? "error" : "warning", file: l.file, line: l.line,
                                                           column: l.column, title: "\(l.policy): \(l.label)",
                                                           message: l.observed.isEmpty ? l.label : l.observed))
                }
            }
        }
        let t = Tally(self)
        switch verdict {
        case .pass: out.append("vigil check: all requirements passed")
        case .fail: out.append("vigil check: \(t.failed) requirement\(t.failed == 1 ? "" : "s") failed")
        case .error: out.append("vigil check: \(t.errorsText), the gate was not judged")
        }
        return out.joined(separator: "\n")
    }

    static func githubError(_ p: GateProblem, title: String? = nil) -> String {
        let message = p.message + (p.hint.map { "\n\($0)" } ?? "")
        return ReportText.githubAnnotation("error", file: p.file, line: p.line, column: p.column,
                                           title: title ?? "vigil: \(p.kind.rawValue) error", message: message)
    }
}
