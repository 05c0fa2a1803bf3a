import Foundation
import VigilCheck
import VigilLib
import VigilRules
import VigilRuntime
import VigilSeries
import VigilSyntax

/// One REPL's state: a single interpreter whose definitions persist between inputs.
final class ReplSession {
    let session: VigilSession
    var interpreter: Interpreter { session.interpreter }
    let frontend = Frontend()
    let display = ReplDisplay.forStandardOutput()
    private var inputCount = 0
    /// The files loaded so far (the command line's, then `:load`'s), in order: `:reload` runs them again.
    private(set) var loadedFiles: [String] = []
    /// The data's names for Tab completion, kept until series are added (`dataNames`).
    var cachedDataNames: DataNameIndex?
    /// Builds the data's names in the background after samples are loaded (see `warmDataNames`).
    let dataNameWarmer = DataNameIndexWarmer()
    /// The time `:at` or `:data` chose, in seconds since the epoch; nil: the run's clock
    /// (`--at`, else the wall clock).
    private var time: Double?
    /// What every input is evaluated as: at the chosen time, narrowed to nothing.
    var evaluation: Evaluation { time.map { Evaluation(time: $0) } ?? interpreter.evaluation }

    init(session: VigilSession) {
        self.session = session
        session.interpreter.output = { print($0) }
    }

    /// Loads and runs a file's top-level statements; false (after reporting) on errors.
    func load(file path: String) -> Bool {
        guard let program = frontend.load(path) else { return false }
        if !loadedFiles.contains(path) { loadedFiles.append(path) }
        return attempt {
            try session.load(program, resolver: frontend.resolver, checked: frontend.resolutions(of: program))
            try interpreter.run()
        }
    }

    /// Runs `body`, rendering any error; false when it failed.
    func attempt(_ body: () throws -> Void) -> Bool {
        do {
            try interpreter.evaluating(evaluation, body)
            return true
        } catch let e as RuntimeError {
            printError(e.diagnostic.render())
        } catch {
            printError("vigil: error: \(error)")
        }
        return false
    }

    /// One input as a numbered file and its program; nil (after reporting) on a syntax error.
    private func parse(_ text: String) -> (SourceFile, Program)? {
        inputCount += 1
        let file = SourceFile(path: "<input \(inputCount)>", text: text)
        let (program, diagnostics) = Parser.parse(file)
        if diagnostics.contains(where: { $0.severity == .error }) {
            frontend.report(diagnostics)
            return nil
        }
        return (file, program)
    }

    /// Evaluates one input; prints an expression's value. False (after reporting) on errors.
    func evaluate(_ text: String) -> Bool {
        guard let (file, program) = parse(text) else { return false }
        return attempt {
            // A lone expression shows its value; anything else runs as top-level statements.
            if let e = program.loneExpression {
                let value = try interpreter.evaluate(expression: e, in: file)
                if case .none = value { return }
                print(display.show(value, now: interpreter.now))
                return
            }
            try session.load(program, resolver: frontend.resolver)
            try interpreter.run()
            // A typed policy is judged as `vigil check` would; a typed rule shows its state now.
            if program.decls.contains(where: { if case .block(let b) = $0.kind { b.kind == .policy } else { false } }) {
                print(GateReport(files: [GateCheck.judgeLoaded(file, in: session)]).render(.text))
            }
            let typed = try session.compileRules().filter { $0.file.path == file.path }
            if !typed.isEmpty { try showRuleStates(typed) }
        }
    }

    /// `:rules` (or a typed rule): each rule's state per label set at the session's time.
    func showRuleStates(_ rules: [CompiledRule]) throws {
        let now = interpreter.now
        let entries = try RuleStatesNow.evaluate(rules, in: session, at: Timestamp((now * 1000).rounded()))
        for entry in entries {
            var line = entry.rule + (entry.labels.isEmpty ? "" : " " + entry.labels.fingerprint) + "  " + paint(entry.state)
            if let since = entry.activeSince {
                line += " since " + RFC3339Text.format(since)
            }
            if !entry.observed.isEmpty { line += "  " + entry.observed }
            print(line)
        }
    }

    private func paint(_ state: RuleState) -> String {
        switch state {
        case .firing: display.styled("firing", "31;1")
        case .pending: display.styled("pending", "33")
        case .nodata: display.styled("nodata", "35")
        case .inactive: display.styled("inactive", "32")
        }
    }

    /// `:reload`: the loaded files again, in order; their definitions replace the old ones.
    func reload() -> Bool {
        guard !loadedFiles.isEmpty else {
            printError("vigil: nothing to reload: no file was loaded (use :load FILE)")
            return false
        }
        frontend.loader.forgetParsedFiles()
        return loadedFiles.allSatisfy { load(file: $0) }
    }

    /// `:at TIME`: evaluates from now on as if at `seconds` since the epoch.
    func move(to seconds: Double) {
        time = seconds
        print("evaluating at " + RFC3339Text.format(Timestamp((seconds * 1000).rounded())))
    }

    /// Starts indexing the data's names for Tab completion while the operator types.
    func warmDataNames() {
        dataNameWarmer.warm(dataLabelSets)
    }

    /// The label sets whose names Tab completes: a store read as it is selected offers all
    /// of its series (read from its series table), else the session's store holds them all.
    var dataLabelSets: [Labels] {
        session.storeFeed?.storedLabels ?? session.context.store.series.map(\.labels)
    }

    var dataSeriesCount: Int { session.storeFeed?.storedLabels.count ?? session.context.store.seriesCount }

    /// `:data FILE`: adds the file's samples and moves to its newest sample, saying so.
    func addData(_ path: String) -> Bool {
        attempt {
            try session.addData(file: path)
            warmDataNames()
            if let newest = session.lastSampleTime {
                time = newest
                print("loaded \(DisplayPath.of(path)); evaluating at the newest sample, "
                      + RFC3339Text.format(Timestamp((newest * 1000).rounded())))
            }
        }
    }

    /// `:type EXPR`: the type (with its unit) of the expression's value. The expression is
    /// evaluated, so its type is the one it has now (a signal with no samples is `nodata`).
    func describeType(_ text: String) -> Bool {
        guard let (file, program) = parse(text) else { return false }
        guard let e = program.loneExpression else {
            printError("vigil: error: :type expects one expression, such as `:type 5m / 2`")
            return false
        }
        return attempt { print(try interpreter.evaluate(expression: e, in: file).typeName) }
    }

    /// What completes `prefix` at the prompt: the session's own names (lets, fns, services),
    /// then the builtins of the table that this build runs.
    func completions(of prefix: String) -> [String] {
        let own = interpreter.exports.map(\.0).filter { $0.hasPrefix(prefix) }.sorted()
        return own + Engines.surface.completions(of: prefix, available: Engines.features).filter { !own.contains($0) }
    }

    /// True while `text` has more opening than closing brackets or ends in an operator.
    static func needsMoreInput(_ text: String) -> Bool {
        var depth = 0, inString = false, escaped = false, inComment = false
        for c in text {
            if inComment { if c == "\n" { inComment = false }; continue }
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                continue
            }
            switch c {
            case "\"": inString = true
            case "#": inComment = true
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            default: break
            }
        }
        if depth > 0 { return true }
        let lastLine = text.split(separator: "\n").last.map(String.init) ?? ""
        let code = (lastLine.firstIndex(of: "#").map { String(lastLine[..<$0]) } ?? lastLine).trimmingCharacters(in: .whitespaces)
        if let last = code.last, "+-*/=,<>".contains(last) { return true }
        let lastWord = code.split(separator: " ").last.map(String.init) ?? ""
        return ["and", "or", "not", "mod"].contains(lastWord)
    }
}
