import ArgumentParser
import Foundation
import VigilLib
import VigilRuntime

/// `vigil export prometheus FILE`: the file's SLOs as Prometheus recording and alerting rules.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a file's SLOs as rules for another tool.",
        subcommands: [Prometheus.self])

    struct Prometheus: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prometheus",
            abstract: "Write a file's SLOs as Prometheus rules (Sloth's recording rule names).",
            discussion: """
                Recording rules slo:sli_error:ratio_rate5m … ratio_rate3d and over the SLO's window, \
                slo:error_budget:ratio, slo:period_error_budget_remaining:ratio and the rest of \
                Sloth's meta series, and for `alert multiwindow` the alerts "<slo> page" and \
                "<slo> ticket" with the factors Vigil evaluates. `promtool check rules` accepts them.
                Exit 0 on success, 2 on a script error or an SLO Prometheus cannot express.
                """)

        @Option(name: .shortAndLong, help: "Write the rules to this file instead of standard output.")
        var output: String?

        @ArgumentParser.Argument(help: "The .vigil file whose SLOs to export.")
        var file: String

        func run() throws {
            let frontend = Frontend()
            guard let program = frontend.load(file) else { throw ExitCode(2) }
            let yaml: String
            do {
                yaml = try SLOPrometheusExport.rules(program, resolver: frontend.resolver, checked: frontend.resolutions(of: program))
            } catch let error as RuntimeError {
                frontend.report([error.diagnostic])
                throw ExitCode(2)
            }
            guard let output else { print(yaml, terminator: ""); return }
            do {
                try yaml.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                printError("vigil: error: cannot write \(output): \(error.localizedDescription)")
                throw ExitCode(2)
            }
        }
    }
}
