import ArgumentParser
import Foundation
import VigilEngines
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

/// `vigil status [FILE…]`: the status report of the services, SLOs and anomalies the files
/// declare and of the store's incidents and deployments, in one of four formats. Parsing and
/// printing only: the report is `status()` (VigilLib `StatusBinding`).
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Overall HEALTHY/DEGRADED/UNHEALTHY, per-service lines, items needing attention and recent changes.",
        discussion: """
            Evaluated at --at, else at the newest sample, else now. Incidents and deployments come from \
            --db (else $VIGIL_DB, else ~/.vigil/vigil.sqlite). Exit 0 when HEALTHY, 1 when DEGRADED or \
            UNHEALTHY, 2 on a script or data error.
            """)

    @OptionGroup var eval: EvalOptions

    @Option(help: "Output format: text, json, markdown or html (one self-contained page).")
    var format: String = "text"

    @Flag(help: "Look back a week (the weekly ops report) instead of a day.")
    var week = false

    @Option(help: "How far back to look, a duration such as 3h (default 1d, or 7d with --week).")
    var period: String?

    @ArgumentParser.Argument(help: "The .vigil files declaring services, SLOs and anomaly checks.")
    var files: [String] = []

    func run() throws {
        guard let format = StatusFormat(rawValue: format) else {
            printError("vigil: error: --format must be one of \(StatusFormat.allCases.map(\.rawValue).joined(separator: ", ")), got `\(format)`")
            throw ExitCode(2)
        }
        if week, let period {
            printError("vigil: error: --week is a period of 7d; give it or --period \(period), not both")
            throw ExitCode(2)
        }
        let settings = eval.settings
        let frontend = Frontend()
        let programs = try files.map { path in
            guard let program = frontend.load(path) else { throw ExitCode(2) }
            return program
        }
        // A store is read as the report selects series: a status does not grow with the store.
        let (session, loaded) = try settings.makeSession(selectsLazily: true)
        let options = try settings.runOptions()
        let time = options.now.map { $0.timeIntervalSince1970 } ?? loaded.dataRange?.last ?? Date().timeIntervalSince1970
        session.canaries.useStore(at: settings.database)
        session.interpreter.output = { printError($0) }  // stdout belongs to the report
        let report: StatusReport
        do {
            report = try session.interpreter.evaluating(Evaluation(time: time)) {
                for program in programs {
                    try session.load(program, resolver: frontend.resolver, checked: frontend.resolutions(of: program))
                    try session.interpreter.run()
                }
                return try session.statusReport(period: period ?? (week ? "7d" : "1d"))
            }
        } catch let e as RuntimeError {
            printError(renderDiagnostic(e.diagnostic))
            throw ExitCode(2)
        }
        print(format.render(report), terminator: "")
        if report.overall != .healthy { throw ExitCode(1) }
    }
}
