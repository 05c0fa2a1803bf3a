/// Why a data file could not be ingested: file, line, the offending field or column, and what was expected.
public struct IngestError: Error, Equatable, CustomStringConvertible {
    /// The file name as given to the parser.
    public let file: String
    /// 1-based line number.
    public let line: Int
    /// 1-based character column on the line, where the format can point at one.
    public let column: Int?
    /// Where on the line, e.g. `column 3 (code)`, `field "value"`, `column 17`; nil for the whole line.
    public let location: String?
    /// What was found and what was expected.
    public let message: String

    /// Creates an error.
    public init(file: String, line: Int, column: Int? = nil, location: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.location = location
        self.message = message
    }

    /// `file:line[:column]: location: message`, the form editors and CI annotations understand.
    public var description: String {
        let place = "\(file):\(line)" + (column.map { ":\($0)" } ?? "")
        if let location { return "\(place): \(location): \(message)" }
        return "\(place): \(message)"
    }
}

/// One parsed sample with the line it came from, before it is added to a store.
public struct IngestedSample: Equatable, Sendable {
    /// The series the sample belongs to.
    public let labels: Labels
    /// When it was observed.
    public let timestamp: Timestamp
    /// The value.
    public let value: Double
    /// 1-based source line, for error messages.
    public let line: Int

    /// Creates a parsed sample.
    public init(labels: Labels, timestamp: Timestamp, value: Double, line: Int) {
        self.labels = labels
        self.timestamp = timestamp
        self.value = value
        self.line = line
    }

    public static func == (lhs: IngestedSample, rhs: IngestedSample) -> Bool {
        lhs.labels == rhs.labels && lhs.timestamp == rhs.timestamp
            && lhs.value.bitPattern == rhs.value.bitPattern && lhs.line == rhs.line
    }
}
