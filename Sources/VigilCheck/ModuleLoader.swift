import Foundation
import VigilSyntax

/// Finds, parses and caches the modules a program imports. `import "std/slo"` is looked up
/// in the stdlib roots (then each `VIGIL_PATH` entry, in order); `import "./x.vigil"` and
/// `"../x.vigil"` are relative to the importing file. Each module is parsed once.
public final class ModuleLoader {
    public let searchRoots: [String]
    private var cache: [String: (Program?, [Diagnostic])] = [:]
    /// Modules being loaded right now, innermost last: an import of one of them is a cycle.
    private var loading: [String] = []

    public init(stdlibRoots: [String]) {
        let fromEnvironment = ProcessInfo.processInfo.environment["VIGIL_PATH"]?
            .split(separator: ":").map(String.init).filter { !$0.isEmpty } ?? []
        self.searchRoots = stdlibRoots + fromEnvironment
    }

    /// Drops every parsed file, so the next load reads the files again (the REPL's `:reload`
    /// after an edit).
    public func forgetParsedFiles() { cache.removeAll() }

    /// Reads and parses the file at `path` (cached); nil with a diagnostic when it cannot be read.
    public func load(path: String) -> (Program?, [Diagnostic]) {
        let key = Self.normalize(path)
        if let cached = cache[key] { return cached }
        guard let data = FileManager.default.contents(atPath: key) else {
            let file = SourceFile(path: path, text: "")
            let d = Diagnostic(.error, "cannot read \(path)", file: file, range: .none,
                               hint: "check that the file exists and is readable")
            return (nil, [d])
        }
        let file: SourceFile
        switch SourceFile.decode(path: key, bytes: [UInt8](data)) {
        case .success(let decoded): file = decoded
        case .failure(let d):
            cache[key] = (nil, [d])
            return (nil, [d])
        }
        let result = Parser.parse(file)
        let entry: (Program?, [Diagnostic]) = (result.0, result.1)
        cache[key] = entry
        return entry
    }

    /// The module an import names, parsed; its own imports are followed so a cycle is caught
    /// here, at the import that closes it.
    public func resolve(_ decl: ImportDecl, from importer: SourceFile) -> Result<Program, Diagnostic> {
        if let escape = rootEscape(decl, from: importer) { return .failure(escape) }
        let candidates = candidatePaths(decl.path, importer: importer)
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            let searched = candidates.isEmpty ? "no stdlib root is configured" : "looked in " + candidates.joined(separator: ", ")
            return .failure(Diagnostic(.error, "cannot find module \"\(decl.path)\"", file: importer, range: decl.pathRange,
                                       expected: "a module under the stdlib or VIGIL_PATH, or a path starting with ./",
                                       hint: searched))
        }
        let key = Self.normalize(path)
        let importerKey = Self.normalize(importer.path)
        if key == importerKey || loading.contains(key) {
            let chain = (loading.isEmpty ? [importerKey] : loading) + [key]
            let names = chain.map { ($0 as NSString).lastPathComponent }.joined(separator: " → ")
            return .failure(Diagnostic(.error, "import cycle: \(names)", file: importer, range: decl.pathRange,
                                       hint: "move what both modules need into a third module"))
        }
        let (program, diagnostics) = load(path: key)
        guard let program else {
            let reason = diagnostics.first?.message ?? "cannot read \(path)"
            return .failure(Diagnostic(.error, reason, file: importer, range: decl.pathRange))
        }
        if let firstError = diagnostics.first(where: { $0.severity == .error }) {
            return .failure(Diagnostic(.error, "module \"\(decl.path)\" has errors", file: importer, range: decl.pathRange,
                                       hint: firstError.headline))
        }
        if loading.isEmpty { loading.append(importerKey) }
        loading.append(key)
        defer {
            loading.removeLast()
            if loading.count == 1 { loading.removeAll() }
        }
        for case .import(let inner) in program.decls.map(\.kind) {
            if case .failure(let d) = resolve(inner, from: program.file) {
                if d.message.hasPrefix("import cycle") {
                    return .failure(Diagnostic(.error, d.message, file: importer, range: decl.pathRange, hint: d.hint))
                }
            }
        }
        return .success(program)
    }

    /// Where an import path may live, in search order.
    func candidatePaths(_ path: String, importer: SourceFile) -> [String] {
        let withExtension = path.hasSuffix(".vigil") ? path : path + ".vigil"
        if path.hasPrefix("./") || path.hasPrefix("../") {
            let dir = (importer.path as NSString).deletingLastPathComponent
            return [Self.normalize((dir.isEmpty ? "." : dir) + "/" + withExtension)]
        }
        if path.hasPrefix("/") { return [Self.normalize(withExtension)] }
        return searchRoots.map { Self.normalize($0 + "/" + withExtension) }
    }

    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (absolute as NSString).standardizingPath
    }
}
