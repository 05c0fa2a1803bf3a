import ArgumentParser
import Foundation
import VigilLib
import VigilStore

struct Journal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "List the runs and actions in the action journal.",
        discussion: """
            Every action `vigil watch` (and its --dry-run) journals is kept with its idempotency key \\
            and its state: planned (dry run, replay), pending (not yet delivered, or retrying), \\
            delivered, dead-letter (given up on; the error says why), withdrawn (a notification whose \\
            alert resolved before its group's flush: never sent). `vigil journal` lists the runs, \\
            newest first; `vigil journal show RUN` lists one run's entries (RUN may be a unique \\
            prefix), --format markdown prints the incident timeline for a post-mortem.
            """,
        subcommands: [List.self, Show.self], defaultSubcommand: List.self)

    struct Location: ParsableArguments {
        @Option(name: .customLong("db"), help: "The SQLite store holding the journal (default: $VIGIL_DB, else ~/.vigil/vigil.sqlite).")
        var database: String?

        func open() throws -> VigilDatabase {
            do { return try JournalLocation.open(database) } catch {
                printError("vigil journal: error: \(error)")
                throw ExitCode(2)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the runs, newest first.")
        @OptionGroup var location: Location

        func run() throws {
            let database = try location.open()
            let runs = try database.runs.all()
            if runs.isEmpty { print("the journal is empty: no run has journaled an action yet") }
            for run in runs { print(JournalTimeline.runLine(run, try database.journal.entries(run: run.id))) }
        }
    }

    struct Show: ParsableCommand {
        enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown, json }
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one run's journal entries.")
        @OptionGroup var location: Location
        @Option(help: "text, markdown (an incident timeline) or json.") var format: Format = .text
        @ArgumentParser.Argument(help: "The run's id, or a prefix naming one run.") var runID: String

        func run() throws {
            let database = try location.open()
            guard let found = try database.runs.find(runID) else {
                printError("vigil journal: error: no run \(runID) (or it names more than one); `vigil journal` lists them")
                throw ExitCode(2)
            }
            let records = try database.journal.entries(run: found.id)
            switch format {
            case .text: print(JournalTimeline.text(found, records))
            case .markdown: print(JournalTimeline.markdown(found, records))
            case .json: print(JournalTimeline.json(found, records))
            }
        }
    }
}
