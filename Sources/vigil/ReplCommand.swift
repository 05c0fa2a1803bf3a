import ArgumentParser
import Foundation
import VigilCheck
import VigilLib
import VigilRuntime
import VigilSeries
import VigilSyntax

struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named explicitly: the derived name costs a reflective type-name lookup at every start-up.
        commandName: "repl",
        abstract: "Interactive REPL: evaluate expressions, define names, query state.",
        discussion: """
            Definitions (`let`, `fn`) persist between inputs; an expression's value is printed.
            Unbalanced brackets continue on the next line. A typed policy is judged as `vigil check`
            would; a typed rule shows its state now. Commands: :help [NAME], :type EXPR, :load FILE,
            :reload, :at TIME, :data FILE, :rules, :quit (see :help).
            Colour on a terminal; none when piped or with NO_COLOR set.
            Ctrl-C cancels the line being typed or the running evaluation and keeps the session.
            History is kept in VIGIL_HISTORY (default ~/.vigil_history), the newest
            VIGIL_HISTORY_SIZE lines (default 1000).
            With --data files and no --at, evaluates at the newest sample (and says so).
            With stdin not a terminal, reads the input line by line (for pipes and CI).
            With --source prometheus=URL, series are read live and refreshed before each input.
            """)

    @OptionGroup var eval: EvalOptions

    @ArgumentParser.Argument(help: "Files to load before the prompt.")
    var files: [String] = []

    func run() throws {
        let settings = eval.settings
        // A store is read as the operator selects series: start-up does not grow with it.
        let (made, loaded) = try settings.makeSession(selectsLazily: true)
        let session = ReplSession(session: made)
        let feed = try connectSource(settings, session)
        startAtNewestSample(settings, session, newest: loaded.dataRange?.last)
        for path in files where !session.load(file: path) { throw ExitCode(2) }
        let reader = LineReader(history: LineHistory.fromEnvironment(), completions: session.completions(of:after:))
        // `confirm` at the REPL asks on its terminal; piped input answers no, as everywhere.
        if reader.interactive { session.session.runbooks.options.ask = { reader.confirm($0) } }
        // Only a person presses Tab; piped input never completes anything.
        if reader.interactive { session.warmDataNames() }
        if reader.interactive { print("Vigil \(Vigil.configuration.version) — :help for help, :quit or Ctrl-D to leave") }
        var failures = 0
        while let input = readInput(reader) {
            let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix(":") {
                switch ReplCommands.run(trimmed, session) {
                case .quit: return try finish(reader, failures)
                case .failed: failures += 1
                case .done: break
                }
                continue
            }
            // Live data up to this input's now, so a REPL left open does not read stale samples.
            if let feed, !session.attempt({ try feed.refresh(through: EvalSettings.milliseconds(Date())) }) {
                failures += 1
                continue
            }
            if !session.evaluate(input) { failures += 1 }
            // A Ctrl-C the evaluation never checked (it finished first) must not cancel the next line.
            Interruption.requested = 0
        }
        try finish(reader, failures)
    }

    /// Piped input is a script: any failed input or command makes the exit status say so.
    private func finish(_ reader: LineReader, _ failures: Int) throws {
        if !reader.interactive, failures > 0 { throw ExitCode(2) }
    }

    /// With `--source`, the live feed, reaching back at least an hour or the files' longest window
    /// (what is typed later cannot widen a read already made).
    private func connectSource(_ settings: EvalSettings, _ session: ReplSession) throws -> PrometheusFeed? {
        guard settings.source != nil else { return nil }
        let programs = files.compactMap { session.frontend.loader.load(path: $0).0 }
        let now = EvalSettings.milliseconds(Date())
        return try settings.connectSource(session.session, programs: programs, frontend: session.frontend,
                                          evaluating: now, through: now, minimumLookback: TimeUnit.hour)
    }

    /// Recorded data (files or a store) is looked at where it ends, as `vigil check` judges
    /// it: at the wall clock every window would be empty and every signal nodata.
    private func startAtNewestSample(_ settings: EvalSettings, _ session: ReplSession, newest: Double?) {
        guard settings.at == nil, settings.source == nil, let newest else { return }
        session.interpreter.options.now = Date(timeIntervalSince1970: newest)
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        printError("vigil: evaluating at the newest sample, \(formatter.string(from: Date(timeIntervalSince1970: newest))) (choose another time with --at)")
    }

    /// Reads one input, continuing while brackets are open or a string is unterminated.
    /// Ctrl-C drops the whole input (an empty one); nil is the end of input.
    private func readInput(_ reader: LineReader) -> String? {
        guard var text = reader.read(prompt: "vigil> ") else { return reader.cancelled ? "" : nil }
        while ReplSession.needsMoreInput(text) {
            guard let more = reader.read(prompt: "   ... ") else { return reader.cancelled ? "" : text }
            text += "\n" + more
        }
        return text
    }
}
