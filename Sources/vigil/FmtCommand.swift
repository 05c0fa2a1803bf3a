import ArgumentParser
import Foundation
import VigilSyntax

struct Fmt: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named explicitly: the derived name costs a reflective type-name lookup at every start-up.
        commandName: "fmt",
        abstract: "Format .vigil files in place, or check that they are formatted.",
        discussion: "Formatting keeps comments and never changes what a program means. Exit 1 with --check when a file would change.")

    @Flag(help: "Change nothing; list the files that are not formatted and exit 1 if there are any.")
    var check = false

    @ArgumentParser.Argument(help: "The files to format.")
    var files: [String]

    func run() throws {
        var unformatted: [String] = []
        var failed = false
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                printError("vigil fmt: error: cannot read \(path)")
                failed = true
                continue
            }
            let source: SourceFile
            switch SourceFile.decode(path: path, bytes: [UInt8](data)) {
            case .success(let file): source = file
            case .failure(let notUTF8):
                printError(renderDiagnostic(notUTF8))
                failed = true
                continue
            }
            let text = source.text
            let (program, diagnostics) = Parser.parse(source)
            if diagnostics.contains(where: { $0.severity == .error }) {
                diagnostics.forEach { printError(renderDiagnostic($0)) }
                failed = true
                continue
            }
            let formatted = VigilSyntax.Formatter.format(program)
            guard formatted != text else { continue }
            if check {
                unformatted.append(path)
            } else {
                do { try FileRewrite.replace(path, with: formatted) } catch {
                    printError("vigil fmt: error: \(error)")
                    failed = true
                }
            }
        }
        for path in unformatted { print("\(path): not formatted (run `vigil fmt \(path)`)") }
        if failed { throw ExitCode(2) }
        if !unformatted.isEmpty { throw ExitCode(1) }
    }
}
