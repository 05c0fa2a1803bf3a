import Foundation
import XCTest

/// The REPL at a real terminal: Tab completion, Ctrl-C that keeps the session, multi-line
/// input and history that outlives a session.
final class ReplTerminalTests: XCTestCase {
    private var historyFile: URL!

    override func setUp() {
        historyFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("vigil-history-\(UUID().uuidString)")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: historyFile)
    }

    private func repl(size: Int = 1000) throws -> PseudoTerminal {
        try PseudoTerminal(["repl", "--max-steps", "1000000000000", "--timeout", "60"],
                           environment: ["VIGIL_HISTORY": historyFile.path, "VIGIL_HISTORY_SIZE": "\(size)"])
    }

    func testCtrlCCancelsTheLineAndTheEvaluationButKeepsDefinitions() throws {
        let t = try repl()
        t.expect("vigil> ")
        t.send("let rollout_step = 7\r")
        t.expect("vigil> ", times: 2)
        // Tab on a builtin prefix completes the call.
        t.send("jo\t")
        t.expect("join(")
        // Ctrl-C at the prompt drops the half-typed line.
        t.send("\u{3}")
        t.expect("^C")
        t.expect("vigil> ", times: 3)
        t.send("rollout_step\r")
        t.expect("7\r\n")
        // Ctrl-C during an evaluation stops it.
        t.send("for i in range(1e12) { }\r")
        Thread.sleep(forTimeInterval: 0.5)
        t.send("\u{3}")
        t.expect("interrupted")
        t.expect("vigil> ", times: 5)
        t.send("rollout_step * 6\r")
        t.expect("42")
        // An open bracket continues on the next line.
        t.send("[1,\r")
        t.expect("   ... ")
        t.send("2]\r")
        t.expect("[1, 2]")
        t.send(":quit\r")
        XCTAssertEqual(t.waitForExit(), 0, t.screen)
    }

    func testHistoryIsCreatedKeptAcrossSessionsAndBounded() throws {
        XCTAssertFalse(FileManager.default.fileExists(atPath: historyFile.path))
        let first = try repl(size: 3)
        first.expect("vigil> ")
        for n in 1...4 {
            first.send("\(n) + 100\r")
            first.expect("\(n + 100)")
        }
        first.send(":quit\r")
        XCTAssertEqual(first.waitForExit(), 0, first.screen)
        let kept = try String(contentsOf: historyFile, encoding: .utf8)
        XCTAssertEqual(kept, "3 + 100\n4 + 100\n:quit\n")

        // Ctrl-P recalls the previous session's lines.
        let second = try repl(size: 3)
        second.expect("vigil> ")
        second.send("\u{10}\u{10}\r")
        second.expect("104")
        second.send(":quit\r")
        XCTAssertEqual(second.waitForExit(), 0, second.screen)
    }

    func testColourOnATerminalAndNoneWithNoColor() throws {
        // An empty NO_COLOR counts as unset (no-color.org); set, the test runner's own may leak in.
        let coloured = try PseudoTerminal(["repl"], environment: ["VIGIL_HISTORY": historyFile.path, "NO_COLOR": ""])
        coloured.expect("vigil> ")
        coloured.send("1 < 2\r")
        coloured.expect("\u{1B}[32mtrue\u{1B}[0m")
        coloured.send(":quit\r")
        XCTAssertEqual(coloured.waitForExit(), 0, coloured.screen)

        let plain = try PseudoTerminal(["repl"], environment: ["VIGIL_HISTORY": historyFile.path, "NO_COLOR": "1"])
        plain.expect("vigil> ")
        plain.send("1 < 2\r")
        plain.expect("true\r\n")
        plain.send(":quit\r")
        XCTAssertEqual(plain.waitForExit(), 0, plain.screen)
        XCTAssertFalse(plain.screen.contains("\u{1B}[32m"), plain.screen)
    }

    func testTabCompletesMetricNamesFromTheData() throws {
        let t = try PseudoTerminal(["repl", "--data", "examples/data/replay-checkout.csv"],
                                   environment: ["VIGIL_HISTORY": historyFile.path])
        t.expect("vigil> ")
        t.send("count(series(\"http_requests_t\t")
        t.expect("http_requests_total\"")
        t.send("))\r")
        t.expect("\r\n2\r\n")
        t.send(":quit\r")
        XCTAssertEqual(t.waitForExit(), 0, t.screen)
    }
}
