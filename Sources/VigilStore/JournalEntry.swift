import Foundation
import VigilSeries

/// Where an action stands in the journal.
public enum JournalStatus: String, CaseIterable, Sendable {
    /// Journaled, not yet delivered.
    case planned
    /// Delivered to its target.
    case delivered
    /// Delivery was tried and failed; `error` says why. It may be retried.
    case failed
    /// Recorded instead of delivered, as tests, replays and dry runs do.
    case recorded

    /// True when no further delivery may happen for this entry.
    public var isFinal: Bool { self == .delivered || self == .recorded }
}

/// One journaled action, identified by its idempotency key.
public struct JournalEntry: Equatable, Sendable {
    /// Row id.
    public let id: Int64
    /// The caller's idempotency key, e.g. `rollback:checkout:v1.5.0`; unique in the journal.
    public let key: String
    /// The action, e.g. `rollback`, `page`, `webhook`.
    public let action: String
    /// Where it goes, e.g. a receiver name or a URL.
    public let target: String
    /// The action's arguments as JSON text (keys sorted).
    public let payload: String
    /// Current status.
    public let status: JournalStatus
    /// Delivery attempts that finished, successful or not.
    public let attempts: Int
    /// When it was first journaled.
    public let createdAt: Timestamp
    /// When its status last changed.
    public let updatedAt: Timestamp
    /// Why the last delivery failed, if it did.
    public let error: String?
    /// True only on the entry `begin` returns when that call created it; the caller that
    /// created an entry is the one that delivers it, which is what keeps delivery at most once.
    public let isNew: Bool

    /// Decodes the payload into a type.
    public func decodePayload<Payload: Decodable>(_ type: Payload.Type) throws -> Payload {
        do {
            return try JSONDecoder().decode(type, from: Data(payload.utf8))
        } catch {
            throw StoreError(.invalidData, "journal entry \(key): payload \(payload) does not decode as \(type): \(error)")
        }
    }
}
