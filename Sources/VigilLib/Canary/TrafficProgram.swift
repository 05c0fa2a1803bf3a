import Foundation
import VigilActions
import VigilSyntax

/// `traffic exec("PROGRAM", args…, read: [PROGRAM, args…])`: a weight change is one run of
/// an allowed program (argument vector, no shell, killed at the timeout) with `$candidate`
/// and `$stable` in its arguments replaced by the two whole-percent weights; the optional
/// read-back command prints the candidate's weight, which must be the one just set.
/// (Not `{candidate}`: braces in a Vigil string interpolate.) An argument may hold a secret
/// (`"--token=" + env("KUBE_TOKEN")`): revealed only in the argument vector, masked in the
/// journal, the timeline, errors and what the program printed, as runbook `exec` does.
struct TrafficProgram {
    /// One command: the name as written (the `--allow-exec` name) and its arguments.
    struct Command {
        let program: String
        /// The file `--allow-exec` resolved the name to; nil when nothing is sent (recorded data).
        let executable: String?
        let arguments: [SecretValue]

        /// The command as the journal shows it, secrets masked: `set-weights --token=**** checkout $candidate`.
        var written: String { Self.shown(program, arguments) }

        /// What the program must never print unmasked.
        var secrets: [String] { arguments.flatMap(\.secretParts) }

        static func shown(_ program: String, _ arguments: [SecretValue]) -> String {
            ([program] + arguments.map(\.display)).joined(separator: " ")
        }
    }

    /// The placeholders an argument may hold, replaced wherever they occur in it.
    static let placeholders = ["$candidate", "$stable"]

    let set: Command
    let read: Command?
    let timeout: Double

    /// The arguments for one change: each placeholder replaced by its weight (in the text
    /// around a secret, never in the secret).
    static func arguments(_ arguments: [SecretValue], candidate: Int) -> [SecretValue] {
        arguments.map {
            $0.mappingPlainParts {
                $0.replacingOccurrences(of: "$candidate", with: String(candidate))
                    .replacingOccurrences(of: "$stable", with: String(100 - candidate))
            }
        }
    }

    /// Sets the candidate's weight; says how it was verified, and what the programs printed.
    func apply(candidate: Int) throws -> (verified: String, outcome: String) {
        let ran = try run(set, Self.arguments(set.arguments, candidate: candidate))
        guard let read else { return ("\(set.program) exited 0 (no read-back command)", ran.record) }
        let (weight, readRecord) = try readWeight(read)
        guard weight == candidate else {
            throw TrafficActions.Failure(description: "`\(read.written)` reads the candidate at weight \(weight) after it was set to \(candidate)")
        }
        return ("read back", ran.record + "\n" + readRecord)
    }

    /// The candidate's weight as the read-back command prints it now (nil without one).
    func currentWeight() throws -> Int? {
        guard let read else { return nil }
        return try readWeight(read).0
    }

    private func readWeight(_ command: Command) throws -> (Int, String) {
        let ran = try run(command, command.arguments)
        let text = ran.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let weight = Int(text), (0...100).contains(weight) else {
            let shown = SecretValue.masking(command.secrets, in: text)
            throw TrafficActions.Failure(description: "`\(command.written)` printed `\(shown)`, not the candidate's weight (a whole number from 0 to 100)")
        }
        return (weight, ran.record)
    }

    /// Runs one command with its secrets revealed: its standard output, and for the journal its
    /// summary line then that output, secrets masked; `Failure` when it does not exit 0 in time.
    private func run(_ command: Command, _ arguments: [SecretValue]) throws -> (stdout: String, record: String) {
        guard let executable = command.executable else {
            throw TrafficActions.Failure(description: "`\(command.program)` was not resolved, so it cannot run")
        }
        let outcome: ProgramRunner.Outcome
        do { outcome = try ProgramRunner(timeout: timeout).run(executable, arguments.map { $0.reveal() }) } catch {
            throw TrafficActions.Failure(description: "cannot start `\(command.program)` (\(executable)): \(error)")
        }
        guard outcome.succeeded else {
            let said = SecretValue.masking(command.secrets, in: outcome.stderr).trimmingCharacters(in: .whitespacesAndNewlines)
            let how = outcome.timedOut ? "killed after the \(QuantityFormat.number(timeout))s timeout" : "exit \(outcome.status.map(String.init) ?? "?")"
            let ran = Command.shown(command.program, arguments)
            throw TrafficActions.Failure(description: "`\(ran)` failed (\(how))" + (said.isEmpty ? "" : ": \(said)"))
        }
        let printed = SecretValue.masking(command.secrets, in: outcome.stdout)
        let stdout = printed.hasSuffix("\n") ? String(printed.dropLast()) : printed
        return (outcome.stdout, "\(Command.shown(command.program, arguments)): \(outcome.summary)" + (stdout.isEmpty ? "" : "\n" + stdout))
    }
}
