import ArgumentParser
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
            Repl.self, Run.self, Check.self, Test.self, Replay.self, Watch.self, Fmt.self, Doc.self, Ingest.self,
        ],
        defaultSubcommand: Repl.self
    )

    /// Parses and runs the command, mapping argument errors to exit code 2 (the contract's
    /// "usage error") instead of ArgumentParser's 64.
    static func main() {
        do {
            if try runWithoutParsing(Array(CommandLine.arguments.dropFirst())) { return }
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

/// The evaluation options as plain values (what `EvalOptions` parses to).
struct EvalSettings {
    static let defaultMaxSteps = 100_000_000
    static let defaultTimeout: Double = 30

    var maxSteps = EvalSettings.defaultMaxSteps
    var timeout = EvalSettings.defaultTimeout
    var at: String?
    var dataFiles: [String] = []
    var database: String?
    var source: LiveSource?
}

/// Options every evaluating command shares.
struct EvalOptions: ParsableArguments {
    @Option(help: "Stop a run after this many evaluation steps (loop iterations and calls).")
    var maxSteps: Int = EvalSettings.defaultMaxSteps

    @Option(help: "Stop a run after this many seconds of wall-clock time.")
    var timeout: Double = EvalSettings.defaultTimeout

    @Option(help: "Evaluate as of this time (e.g. 2025-01-15T14:30:00Z); `now()` returns it.")
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

    func validate() throws {
        if maxSteps <= 0 { throw ValidationError("--max-steps must be a positive number") }
        if timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
        if let sourceText {
            _ = try LiveSource(parsing: sourceText)
            // One source of truth per run: merging a file with live data could silently
            // interleave two different histories of the same series.
            if !dataFiles.isEmpty || database != nil {
                throw ValidationError("--source cannot be combined with --data or --db")
            }
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension EvalOptions {
    var settings: EvalSettings {
        // validate() has read the source already, so it parses here.
        EvalSettings(maxSteps: maxSteps, timeout: timeout, at: at, dataFiles: dataFiles, database: database,
                     source: sourceText.flatMap { try? LiveSource(parsing: $0) })
    }
}

extension EvalSettings {
    /// The run limits and evaluation time these options describe.
    func runOptions() throws -> RunOptions {
        var now: Date?
        if let at {
            guard let seconds = Self.parseTime(at) else {
                printError("vigil: error: --at expects a time such as 2025-01-15T14:30:00Z or 2025-01-15, got `\(at)`")
                throw ExitCode(2)
            }
            now = Date(timeIntervalSince1970: seconds)
        }
        return RunOptions(maxSteps: maxSteps, timeout: timeout, now: now)
    }

    /// Reads a positive duration such as `30s` or `1h30m` with the language's literal rules, in milliseconds.
    static func parseDuration(_ text: String) -> Milliseconds? {
        var lexer = Lexer(file: SourceFile(path: "duration", text: text))
        let tokens = lexer.tokenize()
        guard lexer.diagnostics.isEmpty, tokens.count == 2, case .quantity(let q) = tokens[0].kind,
              q.dimension == .duration, q.value >= 0.0005 else { return nil }  // at least 1 ms once rounded
        return Milliseconds((q.value * 1000).rounded())
    }

    /// Reads a timestamp with the language's own literal rules (`@` optional).
    static func parseTime(_ text: String) -> Double? {
        let literal = text.hasPrefix("@") ? text : "@" + text
        var lexer = Lexer(file: SourceFile(path: "--at", text: literal))
        let tokens = lexer.tokenize()
        guard lexer.diagnostics.isEmpty, tokens.count == 2, case .quantity(let q) = tokens[0].kind,
              q.dimension == .timestamp else { return nil }
        return q.value
    }
}
