import Foundation

/// A change to a service that may explain an anomaly: a config change, a feature flag, a
/// deployment made by another tool. Ingested with `vigil ingest --changes`; root cause ranks
/// them with the deployments the store recorded.
public struct ChangeEvent: Equatable, Sendable {
    public let time: Timestamp
    public let service: String
    /// A lowercase word: `config`, `feature-flag`, `deploy`, …
    public let kind: String
    /// What changed, in words (`raise pool size`).
    public let description: String
    /// The change's id in the system it came from (a ticket, a commit), if given.
    public let id: String?
    public let author: String?
    /// A `deploy`'s version and the one it replaced, when the file says: with them a runbook
    /// can roll the deployment back, and one the store also recorded is listed once.
    public let version: String?
    public let previous: String?

    public init(time: Timestamp, service: String, kind: String, description: String, id: String? = nil, author: String? = nil,
                version: String? = nil, previous: String? = nil) {
        self.time = time
        self.service = service
        self.kind = kind
        self.description = description
        self.id = id
        self.author = author
        self.version = version
        self.previous = previous
    }
}

/// Parses change events from JSON lines, one object per line, fields in any order and no others:
/// ```
/// {"time": "2025-01-16T08:09:00Z",     // required: RFC 3339, or unix seconds or milliseconds
///  "service": "checkout",              // required
///  "kind": "config",                   // required: lowercase letters, digits, - and _
///  "description": "raise pool size",   // required
///  "id": "CHG-12", "author": "ana"}    // optional
/// ```
/// A `deploy` may also say `"version"` and `"previous"` (the version it replaced); other
/// kinds may not.
/// Blank lines are skipped. The first bad line is an error at file:line:column (the column of
/// the offending field's name, else of the line's start); nothing is returned partially.
public enum ChangeEventParser {
    public static func parse(_ text: String, file: String) throws -> [(line: Int, event: ChangeEvent)] {
        var events: [(line: Int, event: ChangeEvent)] = []
        let decoder = JSONDecoder()
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let raw = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let body = raw.drop { $0.isWhitespace }
            if body.isEmpty { continue }
            let line = offset + 1, indent = raw.count - body.count
            guard body.first == "{" else {
                throw IngestError(file: file, line: line, column: indent + 1, message: "expected a JSON object starting with {")
            }
            do {
                events.append((line, try decoder.decode(Record.self, from: Data(body.utf8)).event))
            } catch let problem as JSONFieldProblem {
                throw IngestError(file: file, line: line, column: indent + column(of: problem.field, in: body),
                                  location: "field \"\(problem.field)\"", message: problem.message)
            } catch {
                throw IngestError(file: file, line: line, column: indent + 1,
                                  message: "not valid JSON: expected one JSON object per line")
            }
        }
        return events
    }

    /// The 1-based column of `"field":` in the object's text, or 1 when it is not there (missing).
    static func column(of field: String, in text: Substring) -> Int {
        var rest = text[...]
        while let found = rest.range(of: "\"\(field)\"") {
            if rest[found.upperBound...].drop(while: \.isWhitespace).first == ":" {
                return text.distance(from: text.startIndex, to: found.lowerBound) + 1
            }
            rest = rest[found.upperBound...]
        }
        return 1
    }

    /// A lowercase word such as `config` or `feature-flag`.
    static func isKind(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    private struct Record: Decodable {
        static let fields = ["time", "service", "kind", "description", "id", "author", "version", "previous"]
        let event: ChangeEvent

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: JSONFieldKey.self)
            for key in container.allKeys where !Record.fields.contains(key.stringValue) {
                throw JSONFieldProblem(field: key.stringValue,
                                   message: "unknown field: expected only time, service, kind, description, id, author, version and previous")
            }
            func text(_ name: String, required: Bool) throws -> String? {
                guard container.contains(JSONFieldKey(name)) else {
                    if required { throw JSONFieldProblem(field: name, message: "missing: expected a non-empty string") }
                    return nil
                }
                guard let value = try? container.decode(String.self, forKey: JSONFieldKey(name)), !value.isEmpty else {
                    throw JSONFieldProblem(field: name, message: "expected a non-empty string")
                }
                return value
            }
            let time = try Record.time(container)
            let service = try text("service", required: true)!, kind = try text("kind", required: true)!
            guard ChangeEventParser.isKind(kind) else {
                throw JSONFieldProblem(field: "kind", message: "\"\(kind)\" is not a kind: expected a lowercase word such as "
                                       + "\"config\", \"feature-flag\" or \"deploy\" (letters, digits, - and _)")
            }
            let version = try text("version", required: false), previous = try text("previous", required: false)
            if kind != "deploy", version != nil || previous != nil {
                throw JSONFieldProblem(field: version != nil ? "version" : "previous",
                                       message: "only a \"deploy\" has a version: this change is of kind \"\(kind)\"")
            }
            if previous != nil && version == nil {
                throw JSONFieldProblem(field: "previous", message: "a deploy's previous version needs its \"version\" too")
            }
            event = ChangeEvent(time: time, service: service, kind: kind, description: try text("description", required: true)!,
                                id: try text("id", required: false), author: try text("author", required: false),
                                version: version, previous: previous)
        }

        private static func time(_ container: KeyedDecodingContainer<JSONFieldKey>) throws -> Timestamp {
            let key = JSONFieldKey("time")
            guard container.contains(key) else {
                throw JSONFieldProblem(field: "time", message: "missing: \(IngestFields.timestampExpectation)")
            }
            if let number = try? container.decode(Double.self, forKey: key), let time = IngestFields.timestamp(number: number) {
                return time
            }
            if let text = try? container.decode(String.self, forKey: key), let time = RFC3339.parse(text) { return time }
            throw JSONFieldProblem(field: "time", message: IngestFields.timestampExpectation)
        }
    }
}
