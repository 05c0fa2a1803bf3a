import Foundation
import VigilCheck
import VigilSyntax

/// Reads, parses and checks files, and prints diagnostics the way every command does.
struct Frontend {
    let loader: ModuleLoader
    let options: CheckOptions

    /// The features whose engines are built: the checker refuses the others as "not available yet".
    static let availableFeatures: Set<Feature> = [.core, .series, .rules, .tests, .canary, .simulator]

    init(options: CheckOptions = CheckOptions(available: Frontend.availableFeatures)) {
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
        guard FileManager.default.fileExists(atPath: path) else {
            printError("vigil: error: no such file: \(path)")
            return nil
        }
        let (program, parseDiagnostics) = loader.load(path: path)
        guard let program else {
            report(parseDiagnostics)
            return nil
        }
        if parseDiagnostics.contains(where: { $0.severity == .error }) {
            report(parseDiagnostics)
            return nil
        }
        let result = Checker.check(program, loader: loader, options: options)
        report(parseDiagnostics + result.diagnostics)
        return result.diagnostics.contains { $0.severity == .error } ? nil : program
    }

    /// Checks a snippet typed at the REPL against what is already defined.
    func report(_ diagnostics: [Diagnostic]) {
        for d in diagnostics { printError(d.render()) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        if errors > 1 { printError("\(errors) errors") }
    }
}

extension Frontend {
    /// How the runtime finds an imported module: through the same loader the checker used.
    var resolver: (ImportDecl, SourceFile) -> Result<Program, Diagnostic> {
        let loader = self.loader
        return { decl, file in loader.resolve(decl, from: file) }
    }
}
