import VigilRuntime
import VigilSyntax

/// One `require` or `warn` line of a policy, as a gate reports it.
public struct GateLine: Equatable {
    public enum Level: String { case require, warn }
    public enum Outcome: String { case pass, fail, nodata, error }

    /// The file as reports name it (see `DisplayPath`).
    public var file: String
    public var policy: String
    public var level: Level
    public var label: String
    public var outcome: Outcome
    /// What was observed, e.g. `p95 = 6.2ms > 5ms`, or `no data`.
    public var observed: String
    /// The same values for machines (filled when the report needs them).
    public var values: [GateValue]
    public var line: Int
    public var column: Int
    /// Why the line could not be judged, when its outcome is `.error`.
    public var problem: GateProblem?

    public init(file: String, policy: String, level: Level, label: String, outcome: Outcome, observed: String,
                values: [GateValue] = [], line: Int, column: Int, problem: GateProblem? = nil) {
        self.file = file
        self.policy = policy
        self.level = level
        self.label = label
        self.outcome = outcome
        self.observed = observed
        self.values = values
        self.line = line
        self.column = column
        self.problem = problem
    }

    /// A require blocks the release unless it passed; a warn never blocks.
    public var blocks: Bool { level == .require && outcome != .pass }
    /// A warn line is raised when its condition held or had no data.
    public var warns: Bool { level == .warn && (outcome == .fail || outcome == .nodata) }
    /// A require that was false or had no data (an error is counted as an error).
    public var fails: Bool { level == .require && (outcome == .fail || outcome == .nodata) }
}

extension GateLine {
    /// A runtime verdict as the gate reports it. A `require` passes when its condition is
    /// true; a `warn` line describes the bad situation, so it is raised when its condition
    /// is true (or has no data) and quiet when false. An error is an error either way.
    public init(result r: PolicyResult) {
        let file = DisplayPath.of(r.file.path)
        let loc = r.file.location(of: r.range.start)
        let level: Level = r.level == .require ? .require : .warn
        let outcome: Outcome
        switch (level, r.outcome) {
        case (_, .error): outcome = .error
        case (_, .nodata): outcome = .nodata
        case (.require, .pass), (.warn, .fail): outcome = .pass
        case (.require, .fail), (.warn, .pass): outcome = .fail
        }
        var problem: GateProblem?
        if outcome == .error {
            problem = r.error.map(GateProblem.init)
                ?? GateProblem(kind: .script, file: file, line: loc.line, column: loc.column, message: r.observed)
        }
        self.init(file: file, policy: r.policy, level: level, label: r.label, outcome: outcome, observed: r.observed,
                  values: GateValue.values(of: r.comparisons), line: loc.line, column: loc.column, problem: problem)
    }
}
