import ArgumentParser
import Foundation
import VigilLib
import VigilSeries
import VigilStore

/// `vigil ingest FILE… [--db PATH]`: parses every file first and stores them in one
/// transaction, so a malformed file stores nothing.
struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Store data files (CSV, JSON lines, Prometheus text or OpenMetrics) in the SQLite database.",
        discussion: """
            All or nothing: a malformed file is reported as file:line and nothing is stored (exit 2).
            The database is --db, else $VIGIL_DB, else ~/.vigil/vigil.sqlite; evaluating commands \
            read it when given no --data, --db or --source.
            Prometheus text without timestamps (a scrape) is stored at --at, default now.
            With --changes the files are change events for root_cause, one JSON object a line: \
            {"time": "2025-01-16T08:09:00Z", "service": "checkout", "kind": "config", \
            "description": "raise pool size", "id": "CHG-12", "author": "ana"} (id and author optional); \
            a bad line is reported as file:line:column and nothing is stored.
            """)

    @Option(name: .customLong("db"), help: "The SQLite database to store into.")
    var database: String?

    @Option(help: "The time of samples written without one (scrape output), e.g. 2025-01-15T14:30:00Z; default now.")
    var at: String?

    @Flag(help: "The files are change events (config changes, feature flags, deployments made elsewhere), not samples.")
    var changes = false

    @ArgumentParser.Argument(help: "The data files to store.")
    var files: [String]

    func run() throws {
        if changes { return try ingestChanges() }
        var scrapeTime = EvalSettings.milliseconds(Date())
        if let at {
            guard let seconds = EvalSettings.parseTime(at) else {
                printError("vigil: error: --at expects a time such as 2025-01-15T14:30:00Z or 2025-01-15, got `\(at)`")
                throw ExitCode(2)
            }
            scrapeTime = Timestamp((seconds * 1000).rounded())
        }
        var store = SeriesStore()
        var untimestamped = 0
        for path in files {
            untimestamped += try Self.storingNothingOnError {
                try store.ingest(contentsOfFile: path, defaultTimestamp: scrapeTime).untimestamped
            }
        }
        let db = try openDatabase(database)
        let summary = try Self.storingNothingOnError { try db.samples.insert(store) }
        var line = "stored \(summary.samplesInserted) samples of \(store.seriesCount) series"
        line += " (\(summary.seriesCreated) new) from \(files.count) file\(files.count == 1 ? "" : "s")"
        line += " into \(db.location.description)"
        if summary.duplicatesSkipped > 0 { line += " (\(summary.duplicatesSkipped) were already there)" }
        if untimestamped > 0 {
            line += "; \(untimestamped) had no timestamp and were stored at \(RFC3339Text.format(scrapeTime))"
            line += at == nil ? " (now; --at sets it)" : ""
        }
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

extension Ingest {
    /// Runs one step of an all-or-nothing ingest; a failure is printed with the promise that
    /// nothing was stored, and ends the command with exit 2.
    static func storingNothingOnError<T>(_ step: () throws -> T) throws -> T {
        do {
            return try step()
        } catch {
            printError("vigil: error: \(error)")
            printError("vigil: nothing was stored")
            throw ExitCode(2)
        }
    }
}
