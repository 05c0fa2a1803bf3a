import Foundation

/// What `vigil check` found: per file, its policy lines or why it could not be judged;
/// when it was judged and over which data. The verdict and exit status come from here,
/// so the command line, tests and the REPL agree on them.
public struct GateReport {
    public enum Format: String, CaseIterable { case text, json, junit, github, sarif }
    public enum Verdict: String { case pass, fail, error }

    /// One checked file (or, for a data error, the data that could not be read).
    public struct File {
        public var path: String?
        public var lines: [GateLine] = []
        public var problems: [GateProblem] = []
        /// Errors past the per-file cap (`Diagnostic.maxPerFile`): counted, not listed.
        public var unshownErrors = 0

        public init(path: String?, lines: [GateLine] = [], problems: [GateProblem] = [], unshownErrors: Int = 0) {
            self.path = path
            self.lines = lines
            self.problems = problems
            self.unshownErrors = unshownErrors
        }
    }

    public var files: [File] = []
    /// The evaluation time, in seconds since the Unix epoch.
    public var evaluatedAt: Double?
    /// The first and last sample time of the data the gate read, in seconds.
    public var dataRange: (first: Double, last: Double)?

    public init(files: [File] = [], evaluatedAt: Double? = nil, dataRange: (first: Double, last: Double)? = nil) {
        self.files = files
        self.evaluatedAt = evaluatedAt
        self.dataRange = dataRange
    }

    public var lines: [GateLine] { files.flatMap(\.lines) }
    /// Every script and data error: files that could not be judged, and lines that erred.
    public var errors: [GateProblem] { files.flatMap { $0.problems + $0.lines.compactMap(\.problem) } }

    /// An error anywhere means the gate was not judged (exit 2); then any blocking line
    /// fails it (exit 1). Missing data never passes.
    public var verdict: Verdict {
        if !errors.isEmpty { return .error }
        return lines.contains(where: \.blocks) ? .fail : .pass
    }

    public var exitStatus: Int32 {
        switch verdict {
        case .pass: 0
        case .fail: 1
        case .error: 2
        }
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .text: text()
        case .json: json()
        case .junit: junit()
        case .github: github()
        case .sarif: sarif()
        }
    }

    /// Counts for the summaries: requirements, those that passed, failed and warned.
    struct Tally {
        var requires = 0, passed = 0, failed = 0, warned = 0, errors = 0, unshown = 0
        init(_ report: GateReport) {
            for l in report.lines {
                if l.level == .require { requires += 1 }
                if l.level == .require, l.outcome == .pass { passed += 1 }
                if l.fails { failed += 1 }
                if l.warns { warned += 1 }
            }
            unshown = report.files.reduce(0) { $0 + $1.unshownErrors }
            errors = report.errors.count + unshown
        }

        /// `73 errors`, or `50 of 73 errors shown` when some were only counted.
        var errorsText: String {
            let noun = errors == 1 ? "error" : "errors"
            return unshown == 0 ? "\(errors) \(noun)" : "\(errors - unshown) of \(errors) \(noun) shown"
        }
    }
}

extension GateReport {
    /// A file that is not a gate: checking it would pass on nothing, so it is an error.
    public static func noPolicy(in path: String) -> GateProblem {
        GateProblem(kind: .script, file: path, line: 1, column: 1,
                    message: "\(path) has no policy to check",
                    hint: "`vigil check` evaluates `policy \"name\" { require … }` blocks; run scripts with `vigil run`")
    }
}
