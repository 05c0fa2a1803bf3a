/// Why a store operation was refused; every case carries words fit for a user.
public struct StoreError: Error, Equatable, CustomStringConvertible {
    /// The kind of failure, for callers that branch on it.
    public enum Kind: String, Equatable, Sendable {
        /// The database file or its folder could not be opened or created.
        case cannotOpen
        /// A sample at the same series and time already holds a different value.
        case conflictingSample
        /// A row the caller named (deployment, incident, journal entry) does not exist.
        case notFound
        /// A status change that the lifecycle does not allow, e.g. acknowledging a resolved incident.
        case invalidTransition
        /// An idempotency key was reused for a different action or target.
        case idempotencyKeyReused
        /// A value could not be written or read back, e.g. labels JSON that does not decode.
        case invalidData
    }

    /// The kind of failure.
    public let kind: Kind
    /// What went wrong, naming the rows and values involved.
    public let message: String

    /// Creates an error of a kind with a message.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
