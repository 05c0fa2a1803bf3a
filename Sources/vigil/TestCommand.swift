import ArgumentParser
import Foundation
import VigilLib
import VigilRuntime
import VigilSyntax

struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the test blocks of .vigil files against their own series data.",
        discussion: """
            Each test runs the file's rules on its own data, on a virtual clock from 0, and checks \
            the rule states (`at 5m expect firing "rule"`) and recorded actions it expects. \
            With no PATH, every .vigil file under the current directory that contains tests.
            Each failure's details follow its line; --format junit, json or github reports for CI.
            Exit 0 when every test passes, 1 when one fails, 2 on a script or data error.
            """)

    @Option(help: "Stop one test's evaluation after this many steps (loop iterations and calls).")
    var maxSteps: Int = 100_000_000

    @Option(help: "Stop one test after this many seconds of wall-clock time.")
    var timeout: Double = 30

    @Option(help: "Output format: text, junit, json or github.")
    var format: TestReport.Format = .text

    @ArgumentParser.Argument(help: "Files or directories to test (default: the current directory).")
    var paths: [String] = []

    func validate() throws {
        if maxSteps <= 0 { throw ValidationError("--max-steps must be a positive number") }
        if !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds, found \(timeout)") }
    }

    func run() throws {
        let frontend = Frontend()
        var report = TestReport()
        let files = try Self.testFiles(paths.isEmpty ? ["."] : paths)
        for path in files {
            let (program, diagnostics) = frontend.compile(path)
            for d in diagnostics where d.severity != .error { printError(renderDiagnostic(d)) }
            guard let program else {
                let problems = diagnostics.filter { $0.severity == .error }.map { GateProblem($0) }
                let first = problems.first
                report.cases.append(.init(file: DisplayPath.of(path), name: nil, line: first?.line ?? 1,
                                          column: first?.column ?? 1, status: .error, problems: problems))
                continue
            }
            let runner = RuleTestRunner(program: program, resolver: frontend.resolver,
                                        options: RunOptions(maxSteps: maxSteps, timeout: timeout, now: Date(timeIntervalSince1970: 0)),
                                        checked: frontend.resolutions(of: program))
            if runner.tests.isEmpty { printError("\(DisplayPath.of(path)): warning: no test blocks") }
            for test in runner.tests {
                do {
                    report.cases.append(.init(try runner.run(test)))
                } catch let e as RuntimeError {
                    report.cases.append(.init(test, in: program.file, error: e))
                }
            }
        }
        print(report.render(format))
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }

    /// Files named on the command line, and the .vigil files holding tests under directories.
    static func testFiles(_ paths: [String]) throws -> [String] {
        var out: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                printError("vigil test: error: no such file or directory: \(path)")
                throw ExitCode(2)
            }
            guard isDirectory.boolValue else { out.append(path); continue }
            let found = (FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
                .filter { $0.hasSuffix(".vigil") && !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
                .sorted()
                .map { path == "." ? $0 : (path.hasSuffix("/") ? path + $0 : path + "/" + $0) }
            out += found.filter(containsTests)
        }
        return out
    }

    /// Whether a file parses to at least one `test` block (files that do not parse are left to `vigil check`).
    static func containsTests(_ path: String) -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.contains("test") else { return false }
        let (program, _) = Parser.parse(SourceFile(path: path, text: text))
        return program.decls.contains { decl in
            if case .block(let b) = decl.kind { return b.kind == .test }
            return false
        }
    }
}

extension TestReport.Format: ExpressibleByArgument {}
