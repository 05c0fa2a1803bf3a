import Foundation

/// How reports and diagnostics name a file: relative to the working directory when the file
/// is under it (what a person typed, and what CI annotations resolve against the checkout),
/// absolute otherwise.
public enum DisplayPath {
    public static func of(_ path: String, in directory: String = FileManager.default.currentDirectoryPath) -> String {
        guard !path.isEmpty, !path.hasPrefix("<") else { return path }  // `<input 2>` names no file
        let absolute = standardized(path.hasPrefix("/") ? path : directory + "/" + path)
        let base = standardized(directory)
        if base == "/" { return String(absolute.dropFirst()) }
        guard absolute.hasPrefix(base + "/") else { return absolute }
        return String(absolute.dropFirst(base.count + 1))
    }

    private static func standardized(_ path: String) -> String {
        (path as NSString).standardizingPath
    }
}
