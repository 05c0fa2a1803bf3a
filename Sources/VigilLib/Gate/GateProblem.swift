import VigilRuntime
import VigilSeries
import VigilSyntax

/// A script or data error as a report carries it: where it is and what it says. Every
/// report format shows these, so a gate that could not be judged never looks like a pass.
public struct GateProblem: Error, Equatable {
    public enum Kind: String { case script, data }

    public var kind: Kind
    /// The file as reports name it (see `DisplayPath`); nil when the error is in no file
    /// (an unreachable live source).
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var message: String
    public var hint: String?
    /// The error as a person reads it: `file:line:col: error: …`, with the source line and
    /// a caret when there is one.
    public var rendered: String

    public init(kind: Kind, file: String?, line: Int? = nil, column: Int? = nil, message: String,
                hint: String? = nil, rendered: String? = nil) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
        self.rendered = rendered ?? GateProblem.headline(file: file, line: line, column: column, message: message, hint: hint)
    }

    /// A parse, check or runtime diagnostic, its path as reports name files.
    public init(_ diagnostic: Diagnostic, kind: Kind = .script) {
        let file = DisplayPath.of(diagnostic.file.path)
        let known = diagnostic.range != .none || !diagnostic.file.text.isEmpty
        let location = diagnostic.location
        self.init(kind: kind, file: file, line: known ? location.line : nil, column: known ? location.column : nil,
                  message: diagnostic.message, hint: diagnostic.hint,
                  rendered: known ? diagnostic.render(path: file)
                                  : GateProblem.headline(file: file, line: nil, column: nil, message: diagnostic.message, hint: diagnostic.hint))
    }

    public init(_ error: RuntimeError) {
        self.init(error.diagnostic)
    }

    /// A data file that could not be read: the line, and the column when the reader names
    /// one (`column 3 (value)`; a CSV column is a field, so that is the number given).
    public init(_ error: IngestError) {
        let where_ = error.location.map { "\($0): " } ?? ""
        var column: Int?
        if let location = error.location, location.hasPrefix("column ") {
            column = Int(location.dropFirst(7).prefix { $0.isNumber })
        }
        self.init(kind: .data, file: DisplayPath.of(error.file), line: error.line, column: column, message: where_ + error.message)
    }

    /// `file:line:col: error: message`, then the hint.
    static func headline(file: String?, line: Int?, column: Int?, message: String, hint: String?) -> String {
        var place = file ?? "vigil"
        if let line { place += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        return "\(place): error: \(message)" + (hint.map { "\n  = hint: \($0)" } ?? "")
    }
}
