import Foundation
import VigilSeries

/// Labels travel to SQLite as a JSON object with sorted keys, so that the stored text is
/// stable and readable with SQLite's own JSON functions (`labels ->> '$.code'`).
enum LabelsCoding {
    static func json(_ labels: Labels) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(labels.dictionary)
        return String(decoding: data, as: UTF8.self)
    }

    static func labels(fromJSON text: String, seriesID: Int64) throws -> Labels {
        try labels(fromJSON: text, of: "series \(seriesID)")
    }

    /// The labels of `owner` (`series 3`, `anomaly_events row 7`), named in the error.
    static func labels(fromJSON text: String, of owner: String) throws -> Labels {
        do {
            let dictionary = try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
            return Labels(dictionary)
        } catch {
            throw StoreError(.invalidData, "\(owner) has labels that are not a JSON object of strings: \(text)")
        }
    }
}
