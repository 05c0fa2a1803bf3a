import Foundation
import GRDB

/// Helpers that turn stored text back into typed values with a clear error, never a crash,
/// when a row was written by something other than this module.
enum RowDecoding {
    static func decode<Value: RawRepresentable>(
        _ type: Value.Type, _ raw: String, column: String, table: String
    ) throws -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: raw) else {
            throw StoreError(.invalidData, "\(table).\(column) holds \"\(raw)\", which is not a known \(Value.self)")
        }
        return value
    }

    /// Observed values as JSON; NaN and infinities are written as strings since JSON has no such numbers.
    static func observedJSON(_ observed: [String: Double]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return String(decoding: try encoder.encode(observed), as: UTF8.self)
    }

    static func observed(fromJSON text: String) throws -> [String: Double] {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        do {
            return try decoder.decode([String: Double].self, from: Data(text.utf8))
        } catch {
            throw StoreError(.invalidData, "rollback_events.observed is not a JSON object of numbers: \(text)")
        }
    }
}
