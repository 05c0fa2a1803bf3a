import CReadline
import Foundation
import VigilRuntime

/// Reads input lines: through GNU readline (editing, history) when stdin is a terminal,
/// plain `readLine()` otherwise so piped input and CI work the same way.
final class LineReader {
    let interactive: Bool
    private let history: LineHistory?
    /// True when the last `read` ended with Ctrl-C rather than Return: the input is dropped.
    private(set) var cancelled = false

    /// `completions` lists the names that complete a prefix when Tab is pressed.
    init(history: LineHistory? = nil, completions: ((String, String) -> ReplCompletions)? = nil) {
        interactive = isatty(STDIN_FILENO) == 1
        self.history = interactive ? history : nil
        self.history?.load()
        if interactive, let completions { LineCompletion.install(completions) }
        if interactive { LineInterrupt.install() }
    }

    /// One line without its newline, or nil at end of input (also when Ctrl-C cancelled it:
    /// then `cancelled` is true and the caller starts a fresh input).
    func read(prompt: String) -> String? {
        cancelled = false
        guard interactive else { return readLine(strippingNewline: true) }
        LineInterrupt.cancelled = false
        let raw = readline(prompt)
        defer { free(raw) }
        if LineInterrupt.cancelled {
            cancelled = true
            print("^C")
            return nil
        }
        guard let raw else { return nil }
        let line = String(cString: raw)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty { history?.add(line) }
        return line
    }

    /// Asks a yes/no question; without a terminal the answer is no (as `confirm` promises).
    func confirm(_ question: String) -> Bool {
        guard interactive else { return false }
        let answer = read(prompt: "\(question) [y/N] ")?.trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" || answer == "yes"
    }
}

/// Ctrl-C at the prompt cancels the line; during an evaluation it stops the evaluation
/// (through `Interruption`, which the interpreter's step check reads). Either way the session
/// and its definitions stay.
enum LineInterrupt {
    nonisolated(unsafe) static var cancelled = false
    nonisolated(unsafe) private static var mainThread = pthread_self()
    private static let controlC: Int32 = 3

    static func install() {
        // Readline's own handlers would re-raise the signal and end the process.
        rl_catch_signals = 0
        mainThread = pthread_self()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            Interruption.requested = 1
            // The kernel may pick any thread; only the main thread's read must see EINTR.
            if pthread_equal(pthread_self(), LineInterrupt.mainThread) == 0 { pthread_kill(LineInterrupt.mainThread, number) }
        }
        sigemptyset(&action.sa_mask)
        // No SA_RESTART: the terminal read must return EINTR so the prompt sees the Ctrl-C.
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        rl_getc_function = { stream in
            while true {
                if Interruption.requested != 0 {
                    Interruption.requested = 0
                    return LineInterrupt.controlC
                }
                var byte: UInt8 = 0
                let n = Foundation.read(fileno(stream), &byte, 1)
                if n == 1 { return Int32(byte) }
                if n < 0, errno == EINTR { continue }
                return EOF
            }
        }
        // The Ctrl-C the read returns ends the line at once; `read` drops it.
        rl_bind_key(controlC) { _, _ in
            LineInterrupt.cancelled = true
            rl_done = 1
            return 0
        }
    }
}
