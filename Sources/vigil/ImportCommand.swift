import ArgumentParser
import Foundation
import VigilLib
import VigilSyntax

/// `vigil import openslo FILE.yaml`: OpenSLO v1 SLOs as a .vigil file.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read SLOs written for another tool as Vigil source.",
        subcommands: [OpenSLO.self])

    struct OpenSLO: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "openslo",
            abstract: "Write OpenSLO v1 SLOs (SLO, SLI, AlertPolicy, AlertCondition) as slo blocks and burn-rate rules.",
            discussion: """
                Ratio and threshold (latency) metrics with Prometheus queries, rolling windows and the \
                Occurrences budgeting method; anything else is an error at its line and column.
                Exit 0 on success, 2 on an error.
                """)

        @Option(name: .shortAndLong, help: "Write the .vigil source to this file instead of standard output.")
        var output: String?

        @ArgumentParser.Argument(help: "The OpenSLO YAML file.")
        var file: String

        func run() throws {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                printError("vigil: error: cannot read \(file)")
                throw ExitCode(2)
            }
            let source: String
            do {
                source = try OpenSLOImport.vigil(yaml: text, path: file)
            } catch let diagnostic as Diagnostic {
                printError(renderDiagnostic(diagnostic))
                throw ExitCode(2)
            }
            guard let output else { print(source, terminator: ""); return }
            do {
                try source.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                printError("vigil: error: cannot write \(output): \(error.localizedDescription)")
                throw ExitCode(2)
            }
        }
    }
}
