import ArgumentParser
import Foundation
import VigilSyntax

struct Fmt: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named explicitly: the derived name costs a reflective type-name lookup at every start-up.
        commandName: "fmt",
        abstract: "Format .vigil files in place, or check that they are formatted.",
        discussion: """
            Formatting keeps comments and never changes what a program means. Exit 1 with --check or \
            --diff when a file would change. `vigil fmt -` formats standard input to standard output \
            (for editors); a syntax error there is exit 2 with nothing on standard output.
            """)

    @Flag(help: "Change nothing; list the files that are not formatted and exit 1 if there are any.")
    var check = false

    @Flag(help: "Change nothing; print a unified diff of what formatting would change, exit 1 if anything.")
    var diff = false

    @ArgumentParser.Argument(help: "The files to format, or - for standard input to standard output.")
    var files: [String]

    func run() throws {
        if files == ["-"] { return try formatStandardInput() }
        if files.contains("-") {
            printError("vigil fmt: error: `-` (standard input) cannot be mixed with files")
            throw ExitCode(2)
        }
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
            guard let formatted = Self.format(source) else {
                failed = true
                continue
            }
            guard formatted != text else { continue }
            if diff {
                print(UnifiedDiff.render(old: text, new: formatted, path: path))
                unformatted.append(path)
            } else if check {
                unformatted.append(path)
            } else {
                do { try FileRewrite.replace(path, with: formatted) } catch {
                    printError("vigil fmt: error: \(error)")
                    failed = true
                }
            }
        }
        if check && !diff { for path in unformatted { print("\(path): not formatted (run `vigil fmt \(path)`)") } }
        if failed { throw ExitCode(2) }
        if !unformatted.isEmpty { throw ExitCode(1) }
    }

    /// The formatted text, or nil after printing the syntax errors that prevent formatting.
    static func format(_ source: SourceFile) -> String? {
        let (program, diagnostics) = Parser.parse(source)
        if diagnostics.contains(where: { $0.severity == .error }) {
            diagnostics.forEach { printError(renderDiagnostic($0)) }
            return nil
        }
        return VigilSyntax.Formatter.format(program)
    }

    /// `vigil fmt -`: standard input formatted to standard output; nothing on stdout on error.
    private func formatStandardInput() throws {
        let bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        switch SourceFile.decode(path: "<stdin>", bytes: bytes) {
        case .failure(let notUTF8):
            printError(renderDiagnostic(notUTF8))
            throw ExitCode(2)
        case .success(let source):
            guard let formatted = Self.format(source) else { throw ExitCode(2) }
            FileHandle.standardOutput.write(Data(formatted.utf8))
        }
    }
}
