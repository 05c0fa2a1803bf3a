import ArgumentParser
import Foundation
import VigilRuntime
import VigilSyntax

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named explicitly: the derived name costs a reflective type-name lookup at every start-up.
        commandName: "run",
        abstract: "Run a script's top-level statements.",
        discussion: "The file is checked first; nothing runs if it has errors. Exit 2 on a script error.")

    @OptionGroup var eval: EvalOptions

    @ArgumentParser.Argument(help: "The .vigil file to run.")
    var file: String

    func run() throws {
        try Run.execute(file: file, eval: eval.settings)
    }

    static func execute(file: String, eval: EvalSettings) throws {
        let frontend = Frontend()
        guard let program = frontend.load(file) else { throw ExitCode(2) }
        let session = try eval.makeSession()
        let out = BufferedOutput()
        session.interpreter.output = { out.write($0) }
        defer { out.flush() }
        do {
            try session.load(program, resolver: frontend.resolver)
            try session.interpreter.run()
        } catch let e as RuntimeError {
            out.flush()
            printError(e.diagnostic.render())
            throw ExitCode(2)
        }
    }
}

/// Collects printed lines and writes them in large chunks: a script that prints a lot
/// should not pay a system call per line.
final class BufferedOutput {
    private var buffer = ""

    func write(_ line: String) {
        buffer += line
        buffer += "\n"
        if buffer.utf8.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer.utf8))
        buffer = ""
    }
}
