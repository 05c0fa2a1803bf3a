import ArgumentParser
import Foundation
import VigilRuntime
import VigilSyntax

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named explicitly: the derived name costs a reflective type-name lookup at every start-up.
        commandName: "check",
        abstract: "Evaluate policy blocks as CI gates.",
        discussion: """
            Reports every require and warn line with the values it observed.
            On --data the gate is judged at the newest sample, on --source prometheus=URL at now \
            (either way unless --at says otherwise).
            Exit 0 when every require holds, 1 when one is false or has no data, 2 on a script error.
            """)

    @OptionGroup var eval: EvalOptions

    @Option(help: "Output format: text, json, junit or github.")
    var format: GateReport.Format = .text

    @ArgumentParser.Argument(help: "The policy files to check.")
    var files: [String]

    func run() throws {
        try Check.execute(files: files, format: format, eval: eval.settings)
    }

    static func execute(files: [String], format: GateReport.Format, eval: EvalSettings) throws {
        let frontend = Frontend()
        var lines: [GateLine] = []
        var scriptError = false
        for path in files {
            guard let program = frontend.load(path) else { scriptError = true; continue }
            let session = try eval.makeSession()
            let interpreter = session.interpreter
            interpreter.output = { printError($0) }  // stdout belongs to the report
            // Without --at, a gate on recorded data is judged at the newest sample.
            if eval.at == nil, let last = session.lastSampleTime { interpreter.now = last }
            if eval.source != nil {
                // On live data, at one fixed time (--at, else now) for every line of the gate.
                let time = try eval.liveEvaluationTime()
                _ = try eval.connectSource(session, programs: [program], frontend: frontend, evaluating: time, through: time)
                interpreter.now = Double(time) / 1000
            }
            do {
                try session.load(program, resolver: frontend.resolver)
                try interpreter.run()
                let results = try interpreter.evaluatePolicies()
                if session.selectedWithoutSource {
                    printError(noDataSourceMessage(path))
                    scriptError = true
                    continue
                }
                if results.isEmpty { printError("\(path): warning: no policy blocks to check") }
                lines += results.map { GateLine(result: $0, file: path) }
            } catch let e as RuntimeError {
                printError(e.diagnostic.render())
                scriptError = true
            }
        }
        if !lines.isEmpty { print(GateReport.render(lines, format: format)) }
        if scriptError { throw ExitCode(2) }
        if lines.contains(where: \.blocks) { throw ExitCode(1) }
    }
}

extension GateReport.Format: ExpressibleByArgument {}
