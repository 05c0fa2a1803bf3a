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
        session.useUserIncidentStore(eval.database)
        // The process exits once `vigil run` returns, so the session is never freed: releasing
        // every value the program made, one by one, cost a fifth of a run that builds 200,000
        // records (bench/programs/lists.vigil, callgrind), and the kernel reclaims it all at once.
        _ = Unmanaged.passRetained(session)
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
            if let name { _ = try session.canaries.declaration(named: name) }
            try session.interpreter.run()
            let outcomes = try Engines.run(in: session, EngineRunRequest(only: name, simulate: simulate))
            // As a gate, a release that was not promoted must not pass the step that ran it.
            let failures = outcomes.compactMap(\.failure)
            if requirePromotion && !failures.isEmpty {
                out.flush()
                for failure in failures { printError("vigil: \(failure)") }
                throw ExitCode(1)
            }
        } catch let e as UnknownCanary {
            out.flush()
            printError("vigil: error: no canary named `\(e.name)` in \(file); \(e.hint)")
            throw ExitCode(2)
        } catch let e as RuntimeError {
            out.flush()
            printError(renderDiagnostic(e.diagnostic))
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
