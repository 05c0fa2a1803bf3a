import ArgumentParser
import Foundation
import VigilSeries
import VigilStore

/// `vigil ingest --changes FILE…`: change events for `root_cause`, parsed from every file
/// first and stored in one transaction, so a bad line stores nothing.
extension Ingest {
    func ingestChanges() throws {
        if at != nil {
            printError("vigil: error: --at applies to samples without a time; every change event has its own `time`")
            throw ExitCode(2)
        }
        var events: [ChangeEvent] = []
        for path in files {
            events += try Self.storingNothingOnError {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw IngestError(file: path, line: 1, message: "cannot read the file")
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    throw IngestError(file: path, line: 1, message: "not UTF-8 text")
                }
                return try ChangeEventParser.parse(text, file: path).map(\.event)
            }
        }
        let db = try openDatabase(database)
        let stored = try Self.storingNothingOnError { try db.changes.insert(events) }
        var line = "stored \(stored.inserted) change event\(stored.inserted == 1 ? "" : "s") from \(files.count) "
            + "file\(files.count == 1 ? "" : "s") into \(db.location.description)"
        if stored.alreadyStored > 0 { line += " (\(stored.alreadyStored) \(stored.alreadyStored == 1 ? "was" : "were") already there)" }
        print(line)
    }
}
