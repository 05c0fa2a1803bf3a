import ArgumentParser
import Foundation
import VigilLib
import VigilRuntime
import VigilSyntax

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named explicitly: the derived name costs a reflective type-name lookup at every start-up.
        commandName: "run",
        abstract: "Run a script's top-level statements, then its canaries (or only the one named) on a virtual clock.",
        discussion: """
            The file is checked first; nothing runs if it has errors. Exit 2 on a script error; \
            with --require-promotion, exit 1 when a canary ends anything but promoted.
            """)

    @OptionGroup var eval: EvalOptions
    @OptionGroup var canary: CanaryOptions

    @ArgumentParser.Argument(help: "The .vigil file to run.")
    var file: String

    @ArgumentParser.Argument(help: "Run only the canary with this name (the script's top-level statements still run first).")
    var name: String?

    func run() throws {
        try Run.execute(file: file, name: name, simulate: canary.simulate, eval: eval.settings,
                        requirePromotion: canary.requirePromotion)
    }

    static func execute(file: String, name: String?, simulate: Bool, eval: EvalSettings, requirePromotion: Bool = false) throws {
        let frontend = Frontend()
        guard let program = frontend.load(file) else { throw ExitCode(2) }
        let session = try eval.makeSession(databaseMayBeNew: true)
        if eval.source != nil {
            let time = try eval.liveEvaluationTime()
            _ = try eval.connectSource(session, programs: [program], frontend: frontend, evaluating: time, through: time)
            session.interpreter.now = Double(time) / 1000
        }
        session.canaries.useStore(at: eval.database)
        let out = BufferedOutput()
        session.interpreter.output = { out.write($0) }
        defer { out.flush() }
        do {
            try session.load(program, resolver: frontend.resolver)
            // An unknown name is known before anything runs, so nothing runs.
            let only = try name.map { try session.canaries.declaration(named: $0) }
            try session.interpreter.run()
            let runs = try only.map { [try session.canaries.run($0.decl, file: $0.file, simulate: simulate)] }
                ?? session.canaries.runAll(simulate: simulate)
            // As a gate, a release that was not promoted must not pass the step that ran it.
            let unpromoted = runs.filter { $0.coordinator.status != .promoted }
            if requirePromotion && !unpromoted.isEmpty {
                out.flush()
                for run in unpromoted {
                    printError("vigil: canary \(run.plan.name) was not promoted: \(run.coordinator.status)")
                }
                throw ExitCode(1)
            }
        } catch let e as UnknownCanary {
            out.flush()
            printError("vigil: error: no canary named `\(e.name)` in \(file); \(e.hint)")
            throw ExitCode(2)
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
