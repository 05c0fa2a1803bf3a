import ArgumentParser
import Foundation
import VigilLib
import VigilSeries

/// `vigil anomalies [--service S] [--since D] [--db PATH]`: the anomalies stored by earlier
/// runs (`vigil run`, `vigil watch`, `vigil status`), oldest first.
struct Anomalies: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anomalies",
        abstract: "List the anomalies stored by earlier runs that were open in the last --since.",
        discussion: "The database is --db, else $VIGIL_DB, else ~/.vigil/vigil.sqlite.")

    @Option(name: .customLong("db"), help: "The SQLite database the anomalies are in.")
    var database: String?

    @Option(help: "Only the anomalies of this service.")
    var service: String?

    @Option(help: "How far back, e.g. 1h or 7d; default 1d.")
    var since = "1d"

    @Option(help: "The end of the period, e.g. 2025-01-15T14:30:00Z; default now.")
    var at: String?

    func run() throws {
        guard let span = EvalSettings.parseDuration(since) else {
            printError("vigil anomalies: error: --since \(TimeArgument.durationProblem(since)), got `\(since)`")
            throw ExitCode(2)
        }
        let now = try IncidentCommand.time(at, option: "--at") ?? EvalSettings.milliseconds(Date())
        let db = try openDatabase(database)
        let lines: [String]
        do { lines = try StoredAnomalyText.lines(db, service: service, from: now - span, through: now) } catch {
            printError("vigil anomalies: error: \(error)")
            throw ExitCode(2)
        }
        print(lines.isEmpty ? "no anomalies" + (service.map { " of \($0)" } ?? "") + " in the last \(since)" : lines.joined(separator: "\n"))
    }
}
