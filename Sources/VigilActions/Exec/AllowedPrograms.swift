import Foundation

/// The programs `exec` may run: exactly those named by `--allow-exec NAME` on the command
/// line, resolved to absolute paths once, when the command starts, through the PATH the
/// operator gave. A script cannot add to the list, change PATH, or reach another file by
/// naming a path (`./kubectl`, `/tmp/x/kubectl`, `../bin/sh`): the name it passes must be one
/// of the allowed names, character for character, and runs the file resolved for it.
public struct AllowedPrograms: Sendable, Equatable {
    /// Allowed name → the executable it resolved to (nil when nothing on PATH matched).
    public let programs: [String: String?]

    /// `names` as given to `--allow-exec`; `path` is the operator's PATH (colon-separated).
    public init(_ names: [String], path: String? = ProcessInfo.processInfo.environment["PATH"]) {
        var programs: [String: String?] = [:]
        let directories = (path ?? "").split(separator: ":").map(String.init).filter { $0.hasPrefix("/") }
        for name in names {
            programs[name] = Self.resolve(name, in: directories)
        }
        self.programs = programs
    }

    public var names: [String] { programs.keys.sorted() }

    /// The executable for `program`, or why it may not run.
    public func executable(for program: String) -> Result<String, ExecRefusal> {
        guard let resolved = programs[program] else {
            return .failure(ExecRefusal(program: program, reason: refusal(program)))
        }
        guard let resolved else {
            return .failure(ExecRefusal(program: program, reason: "`\(program)` is allowed but was not found on PATH"))
        }
        return .success(resolved)
    }

    private func refusal(_ program: String) -> String {
        let allowed = names.isEmpty ? "no program is allowed" : "allowed: " + names.map { "`\($0)`" }.joined(separator: ", ")
        return "`\(program)` may not run: only programs named by --allow-exec on the command line can "
            + "(\(allowed)); add `--allow-exec \(program)` to allow it"
    }

    /// An absolute name stands for itself; a bare name is looked up on PATH, as a shell
    /// would, but only in absolute directories (an empty or relative PATH entry would make
    /// the working directory, which a script's author may control, part of the search).
    static func resolve(_ name: String, in directories: [String]) -> String? {
        let fm = FileManager.default
        if name.hasPrefix("/") { return fm.isExecutableFile(atPath: name) ? name : nil }
        guard !name.contains("/"), !name.isEmpty else { return nil }
        for directory in directories {
            let candidate = directory + "/" + name
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               fm.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }
}

/// Why `exec` refused a program.
public struct ExecRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public let program: String
    public let reason: String
    public var description: String { reason }
}
