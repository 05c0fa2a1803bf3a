import VigilRuntime
import VigilSyntax

/// What `vigil test` found: each test block's verdict with the details of what it missed,
/// and the files that could not be tested. Rendered in the formats CI systems read.
public struct TestReport {
    public enum Format: String, CaseIterable { case text, junit, json, github }

    public struct Case {
        public enum Status: String { case pass, fail, error }

        /// The file as reports name it (see `DisplayPath`).
        public var file: String
        /// The test's name; nil for a file that could not be loaded at all.
        public var name: String?
        public var line: Int
        public var column: Int
        public var status: Status
        /// One line per unmet expectation: expected vs actual, with what the rule observed.
        public var failures: [String]
        /// The script or data errors behind an `.error`.
        public var problems: [GateProblem]

        public init(file: String, name: String?, line: Int, column: Int, status: Status,
                    failures: [String] = [], problems: [GateProblem] = []) {
            self.file = file
            self.name = name
            self.line = line
            self.column = column
            self.status = status
            self.failures = failures
            self.problems = problems
        }

        /// A test's verdict.
        public init(_ outcome: RuleTestOutcome) {
            let loc = outcome.file.location(of: outcome.range.start)
            self.init(file: DisplayPath.of(outcome.file.path), name: outcome.name, line: loc.line, column: loc.column,
                      status: outcome.passed ? .pass : .fail, failures: outcome.failures)
        }

        /// A test that stopped on a script or data error.
        public init(_ test: BlockDecl, in file: SourceFile, error: RuntimeError) {
            let loc = file.location(of: test.range.start)
            self.init(file: DisplayPath.of(file.path), name: test.name ?? "test", line: loc.line, column: loc.column,
                      status: .error, problems: [GateProblem(error)])
        }

        /// `test "name"`, or the file alone when it could not be loaded.
        var title: String { name.map { "test \"\($0)\"" } ?? "could not be loaded" }
    }

    public var cases: [Case] = []

    public init(cases: [Case] = []) {
        self.cases = cases
    }

    public var passed: Int { cases.filter { $0.status == .pass }.count }
    public var failed: Int { cases.filter { $0.status == .fail }.count }
    public var errored: Int { cases.filter { $0.status == .error }.count }

    /// 0 when every test passed, 1 when one failed, 2 when one could not run.
    public var exitStatus: Int32 { errored > 0 ? 2 : failed > 0 ? 1 : 0 }

    /// `3 passed, 1 failed, 1 error`.
    public var summary: String {
        "\(passed) passed, \(failed) failed" + (errored > 0 ? ", \(errored) error\(errored == 1 ? "" : "s")" : "")
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .text: text()
        case .junit: junit()
        case .json: json()
        case .github: github()
        }
    }
}
