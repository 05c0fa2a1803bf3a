import ArgumentParser
import Foundation
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay recorded data through a file's rules: when each would have fired.",
        discussion: """
            Evaluates every rule on a virtual clock from --from to --to (default: the first and \
            last sample of the --data files) and prints each state change with the values that \
            caused it and the actions it would have run (recorded, never delivered). With \
            --source prometheus=URL, --from is required and --to defaults to now.
            Exit 0 on success, 2 on a script or data error.
            """)

    @OptionGroup var eval: EvalOptions

    // Unconditional, as `--at`: `--from -6h` is a time, not an unknown option.
    @Option(parsing: .unconditional,
            help: "Start of the replay (2025-01-15T14:00:00Z, a date, Unix seconds or -6h before now); default: the first sample.")
    var from: String?

    @Option(parsing: .unconditional, help: "End of the replay, inclusive (the same forms); default: the last sample.")
    var to: String?

    @Option(help: "Evaluate every rule at this interval (e.g. 1m) instead of its own `every`.")
    var every: String?

    @Option(help: "Output format: text or json.")
    var format: ReplayReport.Format = .text

    @ArgumentParser.Argument(help: "The .vigil file whose rules to replay.")
    var file: String

    func run() throws {
        let frontend = Frontend()
        guard let program = frontend.load(file) else { throw ExitCode(2) }
        let settings = eval.settings
        let session = try settings.makeSession()
        session.interpreter.output = { printError($0) }  // stdout belongs to the report
        let times = session.context.store.series.flatMap { [$0.timestamps.first, $0.timestamps.last].compactMap { $0 } }
        if settings.source != nil && from == nil {
            printError("vigil replay: error: with --source, give --from (and --to, default now): a live source has no first sample")
            throw ExitCode(2)
        }
        let liveEnd = settings.source == nil ? nil : EvalSettings.milliseconds(Date()) / 1000 * 1000
        let start = try from.map { try Self.time($0, "--from") } ?? times.min()
        let end = try to.map { try Self.time($0, "--to") } ?? liveEnd ?? times.max()
        if session.hasNoDataSource && (start == nil || end == nil) {
            printError(noDataSourceMessage(file))
            throw ExitCode(2)
        }
        guard let start, let end else {
            printError("vigil replay: error: no samples to replay; give --data files (or --from and --to)")
            throw ExitCode(2)
        }
        guard start <= end else {
            printError("vigil replay: error: --from must not be after --to")
            throw ExitCode(2)
        }
        _ = try settings.connectSource(session, programs: [program], frontend: frontend, evaluating: start, through: end)
        let interval = try every.map(Self.interval)
        do {
            try session.load(program, resolver: frontend.resolver, checked: frontend.resolutions(of: program))
            try session.interpreter.run()
            let rules = try session.compileRules()
            if rules.isEmpty { printError("\(file): warning: no rules to replay") }
            let transitions = try RuleRunner(session: session, rules: rules).run(from: start, through: end, every: interval)
            if session.selectedWithoutSource {
                printError(noDataSourceMessage(file))
                throw ExitCode(2)
            }
            let report = ReplayReport(file: file, from: start, to: end, every: interval, rules: rules, transitions: transitions,
                                      notifications: session.actionLog.notifications)
            print(report.render(format))
        } catch let e as RuntimeError {
            printError(renderDiagnostic(e.diagnostic))
            throw ExitCode(2)
        }
    }

    static func time(_ text: String, _ option: String) throws -> Timestamp {
        guard let seconds = EvalSettings.parseTime(text) else {
            printError("vigil replay: error: \(option) expects a time such as \(TimeArgument.forms), got `\(text)`")
            throw ExitCode(2)
        }
        return Timestamp((seconds * 1000).rounded())
    }

    /// `--every 30s`, read with the language's duration literals.
    static func interval(_ text: String) throws -> Milliseconds {
        guard let interval = EvalSettings.parseDuration(text) else {
            printError("vigil replay: error: --every \(TimeArgument.durationProblem(text)), got `\(text)`")
            throw ExitCode(2)
        }
        return interval
    }
}

extension ReplayReport.Format: ExpressibleByArgument {}
