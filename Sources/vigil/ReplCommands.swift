import Foundation
import VigilLib
import VigilRuntime
import VigilSyntax

/// The REPL's `:commands`: what an operator types besides expressions and definitions.
enum ReplCommands {
    static let help = """
        Type an expression to see its value, or a definition (let, fn, service, rule, policy)
        to keep it: a policy is judged as `vigil check` would, a rule shows its state now.
        An open bracket continues on the next line; Ctrl-C cancels the line or the running
        evaluation and keeps your definitions.
          :help [NAME]  this help, or a builtin's signature, doc and example, or a name's type
          :doc [NAME]   the builtins and their signatures (or one of them)
          :type EXPR    the type and unit of the expression's value
          :load FILE    run a file's definitions in this session
          :reload       run the loaded files again (after editing them)
          :at TIME      evaluate as if at TIME (2025-01-15T14:30:00Z, Unix seconds, -1h)
          :data FILE    add a data file's samples and evaluate at its newest sample
          :rules        each rule's state now, per label set, with what it observed
          :quit         leave (also Ctrl-D)
        """

    enum Outcome { case done, failed, quit }

    /// Runs one `:command` line. A failed command makes piped input exit 2, as a failed
    /// evaluation does.
    static func run(_ line: String, _ session: ReplSession) -> Outcome {
        let parts = line.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        func outcome(_ ok: Bool) -> Outcome { ok ? .done : .failed }
        switch parts.first ?? "" {
        case "q", "quit", "exit": return .quit
        case "doc":
            do { try Doc.parse(argument.isEmpty ? [] : [argument]).run() } catch { return .failed }
        case "h", "help":
            if argument.isEmpty { print(help) } else { return outcome(describe(argument, session)) }
        case "type": return outcome(session.describeType(argument))
        case "load":
            guard let path = required(argument, "a file", "load") else { return .failed }
            guard session.load(file: path) else { return .failed }
            print("loaded \(DisplayPath.of(path))")
        case "reload":
            guard session.reload() else { return .failed }
            print("reloaded " + session.loadedFiles.map { DisplayPath.of($0) }.joined(separator: ", "))
        case "at":
            guard let text = required(argument, "a time", "at") else { return .failed }
            guard let seconds = EvalSettings.parseTime(text) else {
                printError("vigil: error: :at expects a time such as \(TimeArgument.forms), got `\(text)`")
                return .failed
            }
            session.move(to: seconds)
        case "data":
            guard let path = required(argument, "a data file", "data") else { return .failed }
            return outcome(session.addData(path))
        case "rules":
            return outcome(session.attempt {
                let rules = try session.session.compileRules()
                if rules.isEmpty { print("no rules defined (type one, or :load a file with rules)") }
                try session.showRuleStates(rules)
            })
        default:
            let known = ["help", "doc", "type", "load", "reload", "at", "data", "rules", "quit"]
            let name = parts.first ?? ""
            let suggestion = Spelling.closest(to: name, in: known).map { "; did you mean :\($0)?" }
            printError("vigil: error: unknown command \(line)\(suggestion ?? "; try :help")")
            return .failed
        }
        return .done
    }

    /// `:help NAME`: a builtin's documentation, else the type of a name the session defines.
    private static func describe(_ name: String, _ session: ReplSession) -> Bool {
        if Engines.surface.builtins.contains(where: { $0.name == name }) {
            return (try? Doc.parse([name]).run()) != nil
        }
        if let value = session.interpreter.exports.first(where: { $0.0 == name })?.1 {
            print("\(name): \(value.typeName) (defined in this session)")
            return true
        }
        printError("vigil: error: no builtin or definition named `\(name)`; :doc lists the builtins")
        return false
    }

    private static func required(_ argument: String, _ what: String, _ command: String) -> String? {
        if argument.isEmpty { printError("vigil: error: :\(command) expects \(what)") }
        return argument.isEmpty ? nil : argument
    }
}
