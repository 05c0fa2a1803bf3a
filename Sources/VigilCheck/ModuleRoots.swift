import Foundation
import VigilSyntax

/// A module path may not leave the root it is looked up in: `import "std/../../etc/x"`, an
/// absolute path, a symlink under a root pointing elsewhere, or a stdlib module's `../`
/// import would let a program read any file on the machine as a "module".
extension ModuleLoader {
    func rootEscape(_ decl: ImportDecl, from importer: SourceFile) -> Diagnostic? {
        let path = decl.path
        func refuse(_ message: String, _ hint: String) -> Diagnostic {
            Diagnostic(.error, message, file: importer, range: decl.pathRange,
                       expected: "a module under the stdlib or VIGIL_PATH, or a path starting with ./", hint: hint)
        }
        if path.hasPrefix("/") {
            return refuse("import path \"\(path)\" is absolute",
                          "put the module's directory on VIGIL_PATH and import it by its path there")
        }
        let relative = path.hasPrefix("./") || path.hasPrefix("../")
        if !relative, path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) {
            return refuse("import path \"\(path)\" leaves its root", "a module path names a file under a stdlib or VIGIL_PATH root, without `..`")
        }
        // A root-relative import must land in the root it is found in; a relative import from
        // a module inside a root must stay in that root.
        let roots = searchRoots.map(Self.resolved)
        let importerPath = Self.resolved(importer.path)
        let confining = relative ? roots.filter { Self.isInside(importerPath, $0) } : roots
        guard !confining.isEmpty else { return nil }
        let existing = candidatePaths(path, importer: importer).filter { FileManager.default.fileExists(atPath: $0) }
        for candidate in existing {
            let target = Self.resolved(candidate)
            if !confining.contains(where: { Self.isInside(target, $0) }) {
                return refuse("import path \"\(path)\" leaves its root",
                              "it resolves to a file outside \(confining.joined(separator: ", ")) (through `..` or a symbolic link)")
            }
        }
        return nil
    }

    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: normalize(path)).resolvingSymlinksInPath().path
    }

    static func isInside(_ path: String, _ root: String) -> Bool {
        path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }
}
