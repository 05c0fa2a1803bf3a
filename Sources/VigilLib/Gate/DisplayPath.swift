import Foundation

/// How reports and diagnostics name a file: relative to the working directory when the file
/// is under it (what a person typed, and what CI annotations resolve against the checkout),
/// absolute otherwise.
public enum DisplayPath {
    public static func of(_ path: String, in directory: String = workingDirectory) -> String {
        guard !path.isEmpty, !path.hasPrefix("<") else { return path }  // `<input 2>` names no file
        let absolute = standardized(path.hasPrefix("/") ? path : directory + "/" + path)
        let base = standardized(directory)
        if base == "/" { return String(absolute.dropFirst()) }
        guard absolute.hasPrefix(base + "/") else { return absolute }
        return String(absolute.dropFirst(base.count + 1))
    }

    /// The working directory, read once: every report line names its file, and a `check`
    /// start-up (a CI gate) should not pay for a Foundation path object each time.
    public static let workingDirectory: String = {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return FileManager.default.currentDirectoryPath }
        return String(cString: buffer)
    }()

    /// An absolute path without `.`, `..` and repeated or trailing slashes; links are left
    /// as written, as the user wrote them.
    private static func standardized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
