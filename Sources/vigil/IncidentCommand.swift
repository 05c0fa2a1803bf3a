import ArgumentParser
import Foundation
import VigilEngines
import VigilLib
import VigilSeries
import VigilStore

/// `vigil incident list|show|open|ack|resolve|postmortem|stats`: parsing and printing only;
/// the lifecycle is `IncidentDesk` (VigilLib) over the SQLite store.
struct IncidentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident",
        abstract: "Open, acknowledge and resolve incidents; timelines, post-mortems and MTTD/MTTA/MTTR.",
        discussion: "The database is --db, else $VIGIL_DB, else ~/.vigil/vigil.sqlite.",
        subcommands: [List.self, Show.self, Open.self, Ack.self, Resolve.self, Postmortem.self, Stats.self])

    struct Common: ParsableArguments {
        @Option(name: .customLong("db"), help: "The SQLite database the incidents are in.")
        var database: String?

        @Option(help: "The time of the change, or what `show` measures escalation against, e.g. 2025-01-15T14:30:00Z; default now.")
        var at: String?

        func desk() throws -> IncidentDesk { IncidentDesk(try openDatabase(database)) }

        func time() throws -> Timestamp { try IncidentCommand.time(at, option: "--at") ?? EvalSettings.milliseconds(Date()) }
    }

    static func time(_ text: String?, option: String) throws -> Timestamp? {
        guard let text else { return nil }
        guard let seconds = EvalSettings.parseTime(text) else {
            printError("vigil: error: \(option) expects a time such as 2025-01-15T14:30:00Z or 2025-01-15, got `\(text)`")
            throw ExitCode(2)
        }
        return Timestamp((seconds * 1000).rounded())
    }

    /// Runs a store or lifecycle step, reporting its refusal as `vigil: error: …` (exit 1).
    static func attempt<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let exit as ExitCode { throw exit } catch {
            printError("vigil: error: \(error)")
            throw ExitCode(1)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List incidents (open ones with --open).")
        @OptionGroup var common: Common
        @Flag(help: "Only incidents not yet resolved.") var open = false
        func run() throws {
            let desk = try common.desk()
            print(IncidentText.list(try attempt { try desk.list(openOnly: open) }), terminator: "")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "An incident's timeline, targets and next escalation.")
        @OptionGroup var common: Common
        @ArgumentParser.Argument(help: "The incident's id.") var id: Int64
        func run() throws {
            let desk = try common.desk(), now = try common.time()
            print(IncidentText.show(id, try attempt { try desk.lifecycle(id, at: now) }, now: now), terminator: "")
        }
    }

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "open", abstract: "Open an incident.")
        @OptionGroup var common: Common
        @ArgumentParser.Argument(help: "What is wrong, in a line.") var title: String
        @Option(help: "The service affected.") var service: String
        @Option(help: "P1 (service down) to P4 (cosmetic).") var severity = "P2"
        @Option(help: "When the problem began (an alert's start), for MTTD.") var detected: String?
        func run() throws {
            guard let priority = IncidentPriority(rawValue: severity.uppercased()) else {
                printError("vigil: error: --severity expects P1, P2, P3 or P4, got `\(severity)`")
                throw ExitCode(2)
            }
            let desk = try common.desk(), at = try common.time(), detectedAt = try IncidentCommand.time(detected, option: "--detected")
            let id = try attempt { try desk.open(title: title, priority: priority, service: service, at: at, detectedAt: detectedAt) }
            print("opened incident \(id): \(priority.rawValue) \(service) \(title)")
        }
    }

    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge an incident (stops its escalation).")
        @OptionGroup var common: Common
        @ArgumentParser.Argument(help: "The incident's id.") var id: Int64
        @Option(help: "Who acknowledged, or why.") var note = ""
        func run() throws {
            let desk = try common.desk(), at = try common.time()
            let events = try attempt { try desk.acknowledge(id, at: at, note: note) }
            print(events.isEmpty ? "incident \(id) was already acknowledged" : "acknowledged incident \(id)")
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resolve", abstract: "Resolve an incident.")
        @OptionGroup var common: Common
        @ArgumentParser.Argument(help: "The incident's id.") var id: Int64
        @Option(help: "How it was resolved.") var note = ""
        func run() throws {
            let desk = try common.desk(), at = try common.time()
            _ = try attempt { try desk.resolve(id, at: at, note: note) }
            print("resolved incident \(id)")
        }
    }

    struct Postmortem: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "postmortem", abstract: "A Markdown post-mortem skeleton from the stored timeline.")
        @OptionGroup var common: Common
        @ArgumentParser.Argument(help: "The incident's id.") var id: Int64
        func run() throws {
            let desk = try common.desk()
            print(IncidentText.postmortem(id, try attempt { try desk.lifecycle(id) }), terminator: "")
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stats", abstract: "MTTD, MTTA and MTTR per service and severity.")
        @OptionGroup var common: Common
        func run() throws {
            let desk = try common.desk()
            print(IncidentText.statistics(try attempt { try desk.statistics() }), terminator: "")
        }
    }
}

extension VigilSession {
    /// Incidents in the user's store: `--db`, else $VIGIL_DB, else ~/.vigil/vigil.sqlite, as
    /// `vigil incident` reads them (`vigil watch` opens them there, `vigil run` lists them).
    func useUserIncidentStore(_ path: String?) {
        useIncidentStore { try path.map { try VigilDatabase(path: $0) } ?? VigilDatabase.openDefault() }
    }
}
