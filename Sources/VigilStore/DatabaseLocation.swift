import Foundation

/// Where Vigil keeps its SQLite database.
///
/// Resolution order, first match wins:
/// 1. the `VIGIL_DB` environment variable, when set and not empty (a leading `~/` is expanded);
/// 2. `~/.vigil/vigil.sqlite`, where `~` is `HOME` (or the account's home folder when `HOME` is unset).
///
/// The special value `:memory:` for `VIGIL_DB` selects a database that lives only in memory.
public enum DatabaseLocation: Equatable, Sendable {
    /// A database file at this path; its parent folders are created on open.
    case file(String)
    /// A private in-memory database that disappears when closed.
    case inMemory

    /// The environment variable that overrides the default path.
    public static let environmentVariable = "VIGIL_DB"

    /// The default path below the home folder.
    public static let defaultRelativePath = ".vigil/vigil.sqlite"

    /// Resolves the location from an environment (the process's own by default).
    public static func resolve(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> DatabaseLocation {
        if let configured = environment[environmentVariable], !configured.isEmpty {
            if configured == ":memory:" { return .inMemory }
            return .file(expandingHome(configured, environment: environment))
        }
        let home = homeFolder(environment: environment)
        return .file((home as NSString).appendingPathComponent(defaultRelativePath))
    }

    private static func expandingHome(_ path: String, environment: [String: String]) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return homeFolder(environment: environment) + path.dropFirst()
    }

    private static func homeFolder(environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return FileManager.default.homeDirectoryForCurrentUser.path
    }
}
