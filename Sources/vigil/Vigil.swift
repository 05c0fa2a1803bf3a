import ArgumentParser
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax
import Foundation

/// The `vigil` command line. Exit codes everywhere: 0 ok, 1 a gate or test failed,
/// 2 usage, script or data error.
@main
struct Vigil: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Executable rules, release gates and runbooks for operations.",
        discussion: """
            Run `vigil` with no command for the interactive REPL.
            Exit codes: 0 ok, 1 a gate or test failed, 2 usage, script or data error.
            The language reference is LANGUAGE.md; `vigil doc` lists every builtin.
            """,
        version: "0.1.0",
        subcommands: [
            Repl.self, Run.self, Check.self, Test.self, Replay.self, Watch.self, Fmt.self, Doc.self, Ingest.self, Anomalies.self, IncidentCommand.self, Status.self, Journal.self, SilenceCommand.self, Export.self, Import.self,
        ],
        defaultSubcommand: Repl.self
    )

    /// Parses and runs the command, mapping argument errors to exit code 2 (the contract's
    /// "usage error") instead of ArgumentParser's 64.
    static func main() {
        do {
            let arguments = Array(CommandLine.arguments.dropFirst())
            if try runWithoutParsing(arguments) { return }
            if let message = unknownCommand(arguments) {
                printError("vigil: error: \(message)")
                Foundation.exit(2)
            }
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if let exit = error as? ExitCode { Foundation.exit(exit.rawValue) }
            let message = fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(code == .validationFailure || code.rawValue == 64 ? 2 : (code.rawValue == 1 ? 2 : code.rawValue))
        }
    }
}

extension Vigil {
    /// `vigil run FILE` and `vigil check FILE`, the forms CI runs, without ArgumentParser:
    /// building its argument tree reflects over every command and costs about half of the
    /// start-up of a short check. Anything else (an option, help, another command) goes
    /// through the parser. Returns whether the command ran.
    static func runWithoutParsing(_ arguments: [String]) throws -> Bool {
        guard arguments.count == 2, let file = arguments.last, !file.isEmpty, !file.hasPrefix("-"), file != "help"
        else { return false }
        switch arguments[0] {
        case "run": try Run.execute(file: file, name: nil, simulate: false, eval: EvalSettings())
        case "check": try Check.execute(files: [file], format: .text, eval: EvalSettings())
        default: return false
        }
        return true
    }
}

extension Vigil {
    /// `vigil chek x` would otherwise open the REPL on the files `chek` and `x`: a first
    /// argument that names neither a command nor a file (no such file, no `.` or `/`) is a
    /// mistyped command. Returns the message, suggesting the nearest command.
    static func unknownCommand(_ arguments: [String]) -> String? {
        guard let word = arguments.first, !word.hasPrefix("-"), !word.contains("."), !word.contains("/"),
              !FileManager.default.fileExists(atPath: word) else { return nil }
        let commands = configuration.subcommands.map { $0._commandName } + ["help"]
        guard !commands.contains(word) else { return nil }
        if let nearest = Spelling.closest(to: word, in: commands) {
            return "unknown command `\(word)`; did you mean `\(nearest)`?"
        }
        return "unknown command `\(word)` (the commands: \(commands.dropLast().joined(separator: ", ")); see `vigil help`)"
    }
}

/// The evaluation options as plain values (what `EvalOptions` parses to).
struct EvalSettings {
    static let defaultMaxSteps = 100_000_000
    static let defaultTimeout: Double = 30

    var maxSteps = EvalSettings.defaultMaxSteps
    var timeout = EvalSettings.defaultTimeout
    var maxMemory = RunOptions.defaultMaxMemory
    var at: String?
    var dataFiles: [String] = []
    var database: String?
    var source: LiveSource?
    var caFile: String?
}

/// Options every evaluating command shares.
struct EvalOptions: ParsableArguments {
    @Option(help: "Stop a run after this many evaluation steps (loop iterations and calls).")
    var maxSteps: Int = EvalSettings.defaultMaxSteps

    @Option(help: "Stop a run after this many seconds of wall-clock time.")
    var timeout: Double = EvalSettings.defaultTimeout

    @Option(help: ArgumentHelp("Stop a run before the process holds more memory than this: 2GiB, 512MiB or bytes.", valueName: "size"))
    var maxMemory: String = "2GiB"

    // Unconditional, so that `--at -1h` is a value rather than an unknown option.
    @Option(parsing: .unconditional,
            help: "Evaluate as of this time: 2025-01-15T14:30:00Z, 2025-01-15, Unix seconds or -1h (before now); `now()` returns it.")
    var at: String?

    @Option(name: .customLong("data"), help: "Load samples from FILE (CSV, JSON lines, Prometheus text or OpenMetrics); repeatable.")
    var dataFiles: [String] = []

    @Option(name: .customLong("db"), help: "The SQLite store: evaluate against its samples (see `vigil ingest`); `run` also records deployments there (default for those: $VIGIL_DB, else ~/.vigil/vigil.sqlite).")
    var database: String?

    @Option(name: .customLong("source"), help: ArgumentHelp(
        "Read the series the program selects from a live source: prometheus=URL.",
        discussion: "Each series(…) is fetched from Prometheus when first selected, for the time the command evaluates plus the program's longest window; an unreachable server is an error (exit 2), never an empty result.",
        valueName: "kind=URL"))
    var sourceText: String?

    @Option(name: .customLong("ca-file"), help: ArgumentHelp(
        "Trust only the certificate authorities in this PEM file for https:// sources and receivers.",
        discussion: "Without it the system's trust store is used. Certificates are always verified; there is no option to skip verification.",
        valueName: "path"))
    var caFile: String?

    func validate() throws {
        if maxSteps <= 0 { throw ValidationError("--max-steps must be a positive number") }
        if !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds, found \(timeout)") }
        _ = try MemorySize.parse(maxMemory)
        if let sourceText {
            _ = try LiveSource(parsing: sourceText)
            // One source of truth per run: merging a file with live data could silently
            // interleave two different histories of the same series.
            if !dataFiles.isEmpty || database != nil {
                throw ValidationError("--source cannot be combined with --data or --db")
            }
        }
        // Read now, so a wrong path is a usage error before anything is evaluated.
        if let caFile { _ = try EvalSettings.trust(caFile: caFile) }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension EvalOptions {
    var settings: EvalSettings {
        // validate() has read the source already, so it parses here.
        EvalSettings(maxSteps: maxSteps, timeout: timeout, maxMemory: (try? MemorySize.parse(maxMemory)) ?? RunOptions.defaultMaxMemory, at: at, dataFiles: dataFiles, database: database,
                     source: sourceText.flatMap { try? LiveSource(parsing: $0) }, caFile: caFile)
    }
}

extension EvalSettings {
    /// The run limits and evaluation time these options describe.
    func runOptions() throws -> RunOptions {
        var now: Date?
        if let at {
            guard let seconds = Self.parseTime(at) else {
                printError("vigil: error: --at expects a time such as \(TimeArgument.forms), got `\(at)`")
                throw ExitCode(2)
            }
            now = Date(timeIntervalSince1970: seconds)
        }
        return RunOptions(maxSteps: maxSteps, timeout: timeout, now: now, maxMemory: maxMemory,
                          runDeadline: commandDeadline(timeout))
    }

    /// Reads a positive duration such as `30s` or `1h30m` with the language's literal rules, in milliseconds.
    static func parseDuration(_ text: String) -> Milliseconds? {
        TimeArgument.duration(text).map { Milliseconds(($0 * 1000).rounded()) }
    }

    /// Reads a time argument (see `TimeArgument`), in seconds since the Unix epoch.
    static func parseTime(_ text: String) -> Double? {
        TimeArgument.parse(text)
    }
}
