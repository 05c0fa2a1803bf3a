import Foundation
import VigilSeries
import VigilStore

/// Where an evaluating command reads its samples: the `--data` files and `--db` store it
/// was given, else the default store that `vigil ingest` writes, when that exists.
///
/// A program that selects series with no source at all gets its own error (see
/// `NoDataSource`), never a quiet "no data": an empty answer would read as a healthy system.
public struct SampleSources {
    /// `--data` files, loaded in order after the store.
    public var dataFiles: [String]
    /// `--db PATH`, or nil to fall back to the default store.
    public var database: String?
    /// `--source kind=URL`: series are read live, so no store is loaded.
    public var isLive: Bool
    /// Read the store's series only as the program selects them (`StoreFeed`), for a command
    /// that should not pay for a large store's other series (`check`, `status`, the REPL,
    /// `watch`, which also refreshes them). Data files are still read whole, and so is a store
    /// read beside them.
    public var selectsLazily: Bool

    public init(dataFiles: [String] = [], database: String? = nil, isLive: Bool = false, selectsLazily: Bool = false) {
        self.dataFiles = dataFiles
        self.database = database
        self.isLive = isLive
        self.selectsLazily = selectsLazily
    }

    /// What `load` read.
    public struct Loaded {
        public var store: SeriesStore
        /// The default store's path when it was used because nothing was given; nil otherwise.
        public var defaultStore: String?
        /// True when there was no source at all: selecting a series is then an error.
        public var isMissing: Bool
        /// With `selectsLazily`: the store to read selections from, and what it holds.
        public var lazyStore: (database: VigilDatabase, span: SampleSpan)?

        /// Makes `session` read its selections from the lazily read store, or refuse them
        /// when there was no source at all.
        public func connect(_ session: VigilSession) {
            if isMissing { session.refuseSeriesWithoutSource() }
            if let lazyStore { session.read(from: StoreFeed(database: lazyStore.database, context: session.context)) }
        }

        /// The first and last sample time of everything the sources hold, in seconds.
        public var dataRange: (first: Double, last: Double)? {
            guard let span = lazyStore?.span else { return GateCheck.dataRange(of: store) }
            guard let first = span.first, let last = span.last else { return nil }
            return (Double(first) / 1000, Double(last) / 1000)
        }
    }

    /// The default store: `$VIGIL_DB` (":memory:" is an empty store), else ~/.vigil/vigil.sqlite.
    public static func defaultStoreLocation() -> DatabaseLocation {
        // getenv, not ProcessInfo.environment, which copies the whole environment at every start-up.
        var environment: [String: String] = [:]
        for name in [DatabaseLocation.environmentVariable, "HOME"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return DatabaseLocation.resolve(environment: environment)
    }

    /// True when `vigil ingest` has written the default store (a file that exists).
    public static var defaultStoreExists: Bool {
        if case .file(let path) = defaultStoreLocation() { return FileManager.default.fileExists(atPath: path) }
        return false
    }

    /// Reads the store (given or default) and then the data files. `databaseMayBeNew`: a
    /// command that also writes to the store may name one that does not exist yet.
    public func load(databaseMayBeNew: Bool = false) throws -> Loaded {
        var store = SeriesStore()
        var defaultStore: String?
        var isMissing = false
        if selectsLazily && dataFiles.isEmpty && !isLive, let path = lazyStorePath() {
            let opened = try VigilDatabase.reading(path: path)
            return Loaded(store: store, defaultStore: database == nil ? path : nil, isMissing: false,
                          lazyStore: (opened, try opened.samples.span()))
        }
        if let database {
            if database != ":memory:" && !(databaseMayBeNew && !FileManager.default.fileExists(atPath: database)) {
                // Reading a database that does not exist would create an empty one and evaluate on nothing.
                guard FileManager.default.fileExists(atPath: database) else { throw SampleSourceError.noDatabase(database) }
                store = try VigilDatabase.reading(path: database).samples.load()
            }
        } else if dataFiles.isEmpty && !isLive {
            switch Self.defaultStoreLocation() {
            case .inMemory:
                break  // VIGIL_DB=:memory: chooses an empty store on purpose.
            case .file(let path):
                if FileManager.default.fileExists(atPath: path) {
                    store = try VigilDatabase.reading(path: path).samples.load()
                    defaultStore = path
                } else {
                    isMissing = true
                }
            }
        }
        for path in dataFiles { try store.ingest(contentsOfFile: path) }
        return Loaded(store: store, defaultStore: defaultStore, isMissing: isMissing, lazyStore: nil)
    }

    /// The existing store file a lazy read would open: `--db`, else the default store.
    private func lazyStorePath() -> String? {
        if let database {
            // A missing file is the eager path's "no database at" error.
            return database == ":memory:" || !FileManager.default.fileExists(atPath: database) ? nil : database
        }
        if case .file(let path) = Self.defaultStoreLocation(), FileManager.default.fileExists(atPath: path) { return path }
        return nil
    }
}

/// A data source that cannot be read.
public enum SampleSourceError: Error, CustomStringConvertible {
    case noDatabase(String)

    public var description: String {
        switch self {
        case .noDatabase(let path): "no database at \(path) (store data there with `vigil ingest --db \(path) FILE…`)"
        }
    }
}

/// Thrown by a session's series loader when the command was given no data at all.
public struct NoDataSource: Error, CustomStringConvertible {
    public static let hint = "give --data FILE, --db PATH or --source prometheus=URL, or store samples with vigil ingest"
    public init() {}
    public var description: String { "no data source" }
}

extension SampleSources.Loaded {
    /// One line naming the default store and what it holds, for stderr:
    /// `reading samples from ~/.vigil/vigil.sqlite (3 series, 2025-01-15T14:00:00Z … 15:00:00Z)`.
    public var defaultStoreSummary: String? {
        guard let path = defaultStore else { return nil }
        var shown = path
        if let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty, path.hasPrefix(home + "/") {
            shown = "~" + path.dropFirst(home.count)
        }
        let first = lazyStore?.span.first ?? store.series.compactMap(\.timestamps.first).min()
        let last = lazyStore?.span.last ?? store.series.compactMap(\.timestamps.last).max()
        var span = ""
        if let first, let last {
            let from = RFC3339Text.format(first), to = RFC3339Text.format(last)
            // The end repeats only what differs from the start's day.
            span = ", \(from) … \(from.prefix(11) == to.prefix(11) ? String(to.dropFirst(11)) : to)"
        }
        return "reading samples from \(shown) (\(lazyStore?.span.seriesCount ?? store.seriesCount) series\(span))"
    }
}

/// Formats milliseconds since the epoch as RFC 3339 UTC, whole seconds unless there are milliseconds.
public enum RFC3339Text {
    public static func format(_ milliseconds: Timestamp) -> String {
        let seconds = Int(milliseconds.floorDiv(1000)), millis = Int(milliseconds - Timestamp(seconds) * 1000)
        let days = seconds.floorDiv(86_400), secondOfDay = seconds - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468, era = z.floorDiv(146_097), doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))"
        if millis != 0 { text += "." + String(String(1000 + millis).dropFirst()) }
        return text + "Z"
    }
}

private extension BinaryInteger {
    func floorDiv(_ d: Self) -> Self { let q = self / d; return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q }
}
