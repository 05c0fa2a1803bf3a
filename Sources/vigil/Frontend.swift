import Foundation
import VigilCheck
import VigilLib
import VigilSyntax

/// Reads, parses and checks files, and prints diagnostics the way every command does.
struct Frontend {
    let loader: ModuleLoader
    let options: CheckOptions
    /// The checker's resolutions of each file checked here, so a command compiles what was
    /// checked instead of having the interpreter check it again.
    private let checked = CheckedFiles()

    /// The registered engines' surface and features: the checker refuses the others as "not available yet".
    init(options: CheckOptions = Engines.checkOptions()) {
        self.loader = ModuleLoader(stdlibRoots: Frontend.stdlibRoots())
        self.options = options
    }

    /// Where `import "std/…"` looks: `$VIGIL_STDLIB`, then a `stdlib/` beside the executable,
    /// in a parent of it (a source checkout: .build/debug/vigil) or in `../share/vigil/stdlib`
    /// (an install under a prefix), then one in the working directory; `ModuleLoader` adds
    /// each `VIGIL_PATH` entry after these.
    static func stdlibRoots() -> [String] {
        var roots: [String] = []
        // getenv, not ProcessInfo.environment, which copies the whole environment into a
        // dictionary (about a million instructions at every start-up).
        if let env = getenv("VIGIL_STDLIB") { roots.append(String(cString: env)) }
        let executable = URL(fileURLWithPath: executablePath()).resolvingSymlinksInPath()
        var dir = executable.deletingLastPathComponent()
        let installed = dir.deletingLastPathComponent().appendingPathComponent("share/vigil/stdlib").path
        if FileManager.default.fileExists(atPath: installed) { roots.append(installed) }
        for _ in 0..<5 {
            let candidate = dir.appendingPathComponent("stdlib").path
            if FileManager.default.fileExists(atPath: candidate) { roots.append(candidate); break }
            dir = dir.deletingLastPathComponent()
        }
        roots.append(FileManager.default.currentDirectoryPath + "/stdlib")
        return roots
    }

    /// The running executable's own path: argv[0] is only a name when the shell found
    /// `vigil` on PATH, and relative to a working directory that may have changed.
    private static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if count > 0 { return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return CommandLine.arguments[0]
    }

    /// Parses and checks `path`; prints every diagnostic; nil when there were errors.
    func load(_ path: String) -> Program? {
        let (program, diagnostics) = compile(path)
        report(diagnostics)
        return program
    }

    /// Parses and checks `path` without printing: the program (nil when there were errors)
    /// and every diagnostic, warnings included.
    func compile(_ path: String) -> (Program?, [Diagnostic]) {
        guard FileManager.default.fileExists(atPath: path) else {
            let missing = SourceFile(path: path, text: "")
            return (nil, [Diagnostic(.error, "no such file: \(DisplayPath.of(path))", file: missing, range: .none)])
        }
        let (program, parseDiagnostics) = loader.load(path: path)
        guard let program, !parseDiagnostics.contains(where: { $0.severity == .error }) else { return (nil, parseDiagnostics) }
        let result = Checker.check(program, loader: loader, options: options)
        checked.resolutions[program.file.path] = result.resolutions
        let diagnostics = parseDiagnostics + result.diagnostics
        return (diagnostics.contains { $0.severity == .error } ? nil : program, diagnostics)
    }

    /// Prints diagnostics the way every command does, paths relative to the working directory.
    func report(_ diagnostics: [Diagnostic]) {
        for d in diagnostics {
            // A file that cannot be read has no source line to show.
            printError(d.file.text.isEmpty && d.range == .none ? "vigil: error: \(d.message)" : renderDiagnostic(d))
        }
        if let summary = Diagnostic.errorSummary(diagnostics) { printError(summary) }
    }
}

/// A diagnostic as the command line prints it: the file named relative to the working
/// directory when it is under it.
func renderDiagnostic(_ d: Diagnostic) -> String {
    d.render(path: DisplayPath.of(d.file.path))
}

/// Resolutions by the path of the file checked.
private final class CheckedFiles {
    var resolutions: [String: Resolutions] = [:]
}

extension Frontend {
    /// What the checker resolved the names of `program` (checked by `load` or `compile`) to.
    func resolutions(of program: Program) -> Resolutions? { checked.resolutions[program.file.path] }

    /// How the runtime finds an imported module: through the same loader the checker used.
    var resolver: (ImportDecl, SourceFile) -> Result<Program, Diagnostic> {
        let loader = self.loader
        return { decl, file in loader.resolve(decl, from: file) }
    }
}
