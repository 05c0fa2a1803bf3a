import ArgumentParser
import Foundation
import VigilLib

/// What the command line allows actions to do; a script can grant itself none of it.
struct ActionOptions: ParsableArguments {
    @Flag(name: .customLong("dry-run"), help: "Print the plan: every action with its target; deliver and run nothing.")
    var dryRun = false

    @Flag(name: .customLong("yes"), help: "Answer yes to every `confirm` and approval (otherwise asked on the terminal; no terminal answers no).")
    var yes = false

    @Option(name: .customLong("allow-exec"), help: ArgumentHelp(
        "Allow `exec` to run this program (repeatable); no other program can run.", valueName: "NAME"))
    var allowExec: [String] = []

    @Option(name: .customLong("exec-timeout"), help: "Kill a program `exec` started after this many seconds.")
    var execTimeout: Double = 60

    /// The runbook options; questions go to the terminal when stdin is one.
    func runbookOptions(flushing out: BufferedOutput? = nil) -> RunbookOptions {
        var options = Self.defaultRunbookOptions(flushing: out)
        options.dryRun = dryRun
        options.assumeYes = yes
        options.allowExec(allowExec)
        options.execTimeout = execTimeout
        return options
    }

    /// What a command given none of these options gets (`vigil run FILE` skips the parser,
    /// and an unparsed option group cannot be read): no dry run, no --yes, no program allowed.
    static func defaultRunbookOptions(flushing out: BufferedOutput? = nil) -> RunbookOptions {
        var options = RunbookOptions()
        if isatty(STDIN_FILENO) == 1 {
            // Made at the first question: readline takes over the terminal only when asked to.
            var reader: LineReader?
            options.ask = { question in
                out?.flush()
                if reader == nil { reader = LineReader() }
                return reader!.confirm(question)
            }
        }
        return options
    }
}
