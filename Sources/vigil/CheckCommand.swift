import ArgumentParser
import Foundation
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named explicitly: the derived name costs a reflective type-name lookup at every start-up.
        commandName: "check",
        abstract: "Evaluate policy blocks as CI gates.",
        discussion: """
            Reports every require and warn line with the values it observed, and every script or \
            data error, in the chosen format (sarif: SARIF 2.1.0 for code-scanning UIs).
            On --data the gate is judged at the newest sample, on --source prometheus=URL at now \
            (either way unless --at says otherwise).
            Exit 0 when every require holds, 1 when one is false or has no data, 2 on a script or \
            data error (a file with no policy to check is one).
            """)

    @OptionGroup var eval: EvalOptions

    @Option(help: "Output format: text, json, junit, github or sarif.")
    var format: GateReport.Format = .text

    @ArgumentParser.Argument(help: "The policy files to check.")
    var files: [String]

    func run() throws {
        try Check.execute(files: files, format: format, eval: eval.settings)
    }

    /// Judges every file into one report; script and data errors go into the report.
    static func execute(files: [String], format: GateReport.Format, eval: EvalSettings) throws {
        var report = GateReport()
        let loaded: SampleSources.Loaded
        do {
            // A gate reads only the series its policies select from a store (`StoreFeed`).
            loaded = try eval.loadSources(selectsLazily: true)
        } catch let problem as GateProblem {
            report.files.append(GateReport.File(path: nil, problems: [problem]))
            try finish(report, format)
            return
        }
        let frontend = Frontend()
        // One evaluation time for the whole gate: --at, else the newest sample on recorded
        // data, else (live or no data) now.
        let options = try eval.runOptions()
        let time = options.now.map { $0.timeIntervalSince1970 }
            ?? (eval.source == nil ? loaded.dataRange?.last : nil) ?? Date().timeIntervalSince1970
        report.evaluatedAt = time
        var sessions: [VigilSession] = []
        for path in files {
            let (program, diagnostics) = frontend.compile(path)
            printWarnings(diagnostics, format)
            guard let program else {
                report.files.append(GateReport.File(path: DisplayPath.of(path), problems: diagnostics
                    .filter { $0.severity == .error }.map { GateProblem($0) },
                                                    unshownErrors: diagnostics.reduce(0) { $0 + $1.unshownErrors }))
                continue
            }
            let session = VigilSession(options: options, store: loaded.store)
            loaded.connect(session)
            session.interpreter.output = { printError($0) }  // stdout belongs to the report
            sessions.append(session)
            if eval.source != nil {
                let ms = EvalSettings.milliseconds(Date(timeIntervalSince1970: time))
                do {
                    _ = try eval.connectSourceReporting(session, programs: [program], frontend: frontend, evaluating: ms, through: ms)
                } catch let problem as GateProblem {
                    report.files.append(GateReport.File(path: nil, problems: [problem]))
                    break
                }
            }
            var judged = session.interpreter.evaluating(Evaluation(time: time)) {
                GateCheck.judge(program, in: session, resolver: frontend.resolver, recordingValues: format == .json,
                                checked: frontend.resolutions(of: program))
            }
            if session.selectedWithoutSource {
                // No samples at all is the command's error, not the gate's "no data".
                judged = GateReport.File(path: judged.path, problems: [GateProblem(
                    kind: .data, file: judged.path, message: "no data source: \(path) selects series but no samples were given",
                    hint: NoDataSource.hint, rendered: noDataSourceMessage(DisplayPath.of(path)))])
            }
            report.files.append(judged)
        }
        // The data actually read: a live source fetches while the gate runs.
        report.dataRange = sessions.compactMap { GateCheck.dataRange(of: $0.context.store) }
            .reduce(nil) { acc, r in acc.map { (min($0.first, r.first), max($0.last, r.last)) } ?? r }
        try finish(report, format)
    }

    /// Prints the report and exits with its status. Every error is also printed as a
    /// diagnostic (source line, caret, hint) on stderr, in every format, for a person.
    static func finish(_ report: GateReport, _ format: GateReport.Format) throws {
        for p in report.errors { printError(p.rendered) }
        print(report.render(format))
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }

    /// Warnings never block a gate; they go to stderr in every format.
    static func printWarnings(_ diagnostics: [Diagnostic], _ format: GateReport.Format) {
        for d in diagnostics where d.severity != .error { printError(renderDiagnostic(d)) }
    }
}

extension GateReport.Format: ExpressibleByArgument {}
