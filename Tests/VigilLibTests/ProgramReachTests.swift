import Foundation
import Testing
import VigilCheck
import VigilLib
import VigilSeries
import VigilSyntax

/// How far back a live source must fetch for a program: its longest written duration, plus a
/// day when it uses `baseline`, plus the instant lookback, across its imports.
@Suite struct ProgramReachTests {
    private func lookback(_ text: String, files: [String: String] = [:]) throws -> Milliseconds {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reach-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, body) in files { try body.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let main = directory.appendingPathComponent("main.vigil").path
        let (program, diagnostics) = Parser.parse(SourceFile(path: main, text: text))
        #expect(diagnostics.isEmpty)
        return ProgramReach.lookback(of: [program], loader: ModuleLoader(stdlibRoots: []))
    }

    @Test func theLongestWrittenWindowPlusTheInstantLookback() throws {
        let reach = try lookback("let r = rate(series(\"http_requests_total\"), 5m)\nlet d = delta(series(\"x\"), 2h)\n")
        #expect(reach == 2 * TimeUnit.hour + ProgramReach.instantLookback)
    }

    @Test func baselineAddsItsTrailingDay() throws {
        let reach = try lookback("let b = baseline(series(\"x\"))\nlet r = rate(series(\"x\"), 10m)\n")
        #expect(reach == 10 * TimeUnit.minute + TimeUnit.day + ProgramReach.instantLookback)
    }

    @Test func windowsInImportedFilesCount() throws {
        let reach = try lookback("import \"./windows.vigil\"\nlet r = rate(series(\"x\"), 5m)\n",
                                 files: ["windows.vigil": "fn slow(s) = rate(s, 6h)\n"])
        #expect(reach == 6 * TimeUnit.hour + ProgramReach.instantLookback)
    }
}
