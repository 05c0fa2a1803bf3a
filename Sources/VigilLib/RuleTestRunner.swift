import VigilCheck
import VigilRules
import VigilRuntime
import VigilSeries
import VigilSyntax

/// The verdict on one `test` block.
public struct RuleTestOutcome {
    public let name: String
    public let file: SourceFile
    public let range: SourceRange
    /// One line per unmet expectation: expected vs actual, with what the rule observed.
    public let failures: [String]
    public var passed: Bool { failures.isEmpty }
}

/// Runs a program's `test` blocks (§13): each on a fresh session whose store holds only the
/// test's data, with the file's rules evaluated on a virtual clock from the test's start.
/// `at T` reads the state after the rule's last evaluation at or before T, as promtool does.
public struct RuleTestRunner {
    public let program: Program
    public let resolver: Interpreter.ImportResolver?
    public let options: RunOptions
    /// The checker's resolutions of the program, so each test's session compiles them
    /// instead of checking the program again; nil to have the first session check it.
    public let checked: Resolutions?

    public init(program: Program, resolver: Interpreter.ImportResolver?, options: RunOptions = RunOptions(), checked: Resolutions? = nil) {
        self.program = program
        self.resolver = resolver
        self.options = options
        self.checked = checked
    }

    /// The file's test blocks, in order.
    public var tests: [BlockDecl] {
        program.decls.compactMap { decl in
            if case .block(let b) = decl.kind, b.kind == .test { return b }
            return nil
        }
    }

    /// Runs one test; `observe` sees every rule evaluation. Throws a located `RuntimeError`
    /// for a script or data error.
    public func run(_ test: BlockDecl, observe: ((RuleTick) -> Void)? = nil) throws -> RuleTestOutcome {
        // The time limit holds for the whole test, every evaluation of its rules together.
        var options = options
        options.runDeadline = options.runDeadline ?? RunOptions.deadline(after: options.timeout)
        let session = VigilSession(options: options)
        session.interpreter.output = { _ in }  // a test's verdict is its expectations, not its prints
        try session.load(program, resolver: resolver, checked: checked)
        try session.interpreter.run()
        let spec = try RuleTestSpec(test, file: program.file, interpreter: session.interpreter)
        for (labels, notation) in spec.data {
            do { try session.context.store.add(notation.series(labels: labels, interval: spec.interval, start: spec.start)) } catch {
                throw RuntimeError("test data: \(error)", file: program.file, range: test.range)
            }
        }
        let rules = try session.compileRules()
        let byName = Dictionary(rules.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for expectation in spec.states where byName[expectation.rule] == nil {
            throw RuntimeError("no rule named \"\(expectation.rule)\"", hint: Spelling.hint(for: expectation.rule, in: rules.map(\.name)),
                               file: program.file, range: expectation.range)
        }
        let times = spec.states.map(\.at) + spec.actions.compactMap(\.at)
        let dataEnd = session.context.store.series.compactMap(\.timestamps.last).max().map { $0 - spec.start } ?? 0
        let end = spec.start + (times.max() ?? dataEnd)
        var ticks: [String: [(time: Timestamp, state: RuleState, observed: String)]] = [:]
        let watched = Set(spec.states.map(\.rule))
        try RuleRunner(session: session, rules: rules).run(from: spec.start, through: end, every: spec.every) { tick in
            observe?(tick)
            guard watched.contains(tick.rule.name) else { return }
            ticks[tick.rule.name, default: []].append((tick.time, tick.state, tick.observed))
        }
        var failures: [String] = []
        for e in spec.states {
            let last = ticks[e.rule]?.last { $0.time <= spec.start + e.at }
            let actual = last?.state ?? .inactive
            guard actual != e.state else { continue }
            let why = last.map { " (\($0.observed))" } ?? " (not evaluated yet)"
            failures.append("at \(Self.show(e.at)): expected \(e.state) \"\(e.rule)\", got \(actual)\(why)")
        }
        // A suppressed, silenced or inhibited page was not sent: `expect action` does not see it.
        let recorded = session.actionLog.actions.filter(\.isDelivered)
        for e in spec.actions {
            let found = recorded.contains { action in
                guard e.matches(action) else { return false }
                guard let at = e.at, let rule = byName[action.rule] else { return true }
                let t = spec.start + at, every = RuleRunner.interval(of: rule, override: spec.every)
                return action.time <= t && t - action.time < every
            }
            guard !found else { continue }
            let when = e.at.map { " at \(Self.show($0))" } ?? ""
            let seen = recorded.map { "\($0.call) at \(Self.show($0.time - spec.start))" }
            failures.append("expected action \(e.written)\(when), " +
                            (seen.isEmpty ? "but no action was recorded" : "recorded: " + seen.joined(separator: ", ")))
        }
        return RuleTestOutcome(name: spec.name, file: program.file, range: test.range, failures: failures)
    }

    static func show(_ ms: Milliseconds) -> String { QuantityFormat.duration(Double(ms) / 1000) }
}
