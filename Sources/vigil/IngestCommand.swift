import ArgumentParser
import Foundation
import VigilSeries
import VigilStore

/// `vigil ingest FILE… [--db PATH]`: parses every file first and stores them in one
/// transaction, so a malformed file stores nothing.
struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Store data files (CSV, JSON lines, Prometheus text or OpenMetrics) in the SQLite database.",
        discussion: """
            All or nothing: a malformed file is reported as file:line and nothing is stored (exit 2).
            The database is --db, else $VIGIL_DB, else ~/.vigil/vigil.sqlite; evaluate against it with --db.
            """)

    @Option(name: .customLong("db"), help: "The SQLite database to store into.")
    var database: String?

    @ArgumentParser.Argument(help: "The data files to store.")
    var files: [String]

    func run() throws {
        var store = SeriesStore()
        for path in files {
            do {
                try store.ingest(contentsOfFile: path)
            } catch {
                printError("vigil: error: \(error)")
                printError("vigil: nothing was stored")
                throw ExitCode(2)
            }
        }
        let db = try openDatabase(database)
        let summary: SampleInsertSummary
        do {
            summary = try db.samples.insert(store)
        } catch {
            printError("vigil: error: \(error)")
            printError("vigil: nothing was stored")
            throw ExitCode(2)
        }
        var line = "stored \(summary.samplesInserted) samples of \(store.seriesCount) series"
        line += " (\(summary.seriesCreated) new) from \(files.count) file\(files.count == 1 ? "" : "s")"
        line += " into \(db.location.description)"
        if summary.duplicatesSkipped > 0 { line += " (\(summary.duplicatesSkipped) were already there)" }
        print(line)
    }
}

/// Opens `path`, or the default database, exiting 2 with the reason when it cannot be opened.
func openDatabase(_ path: String?) throws -> VigilDatabase {
    do {
        return try path.map { try VigilDatabase(path: $0) } ?? VigilDatabase.openDefault()
    } catch {
        printError("vigil: error: \(error)")
        throw ExitCode(2)
    }
}

extension DatabaseLocation {
    var description: String {
        switch self {
        case .file(let path): path
        case .inMemory: ":memory:"
        }
    }
}
