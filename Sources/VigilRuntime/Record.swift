/// The ordered key set of records built at one place; record literals share their shape so
/// member access can cache the field position per call site instead of comparing strings.
public final class RecordShape {
    public let keys: [String]
    let positions: [String: Int]

    init(keys: [String]) {
        self.keys = keys
        var positions: [String: Int] = [:]
        for (i, k) in keys.enumerated() where positions[k] == nil { positions[k] = i }
        self.positions = positions
    }

    func position(of key: String) -> Int? { positions[key] }
}

/// A record: fields in the order they were written.
///
/// The shape and the field values live in one buffer, so making a record is one
/// allocation, not two (an object and an array): a program that builds records by the
/// hundred thousand (`map(xs, fn(i) = {id: i, …})`) spent a tenth of its time in the
/// second one. Copying a record copies one reference; `===` compares the buffers.
public struct Record {
    let storage: RecordStorage

    /// The field values, in order. Builds an array: the evaluator reads a field with
    /// `value(at:)` instead.
    public var values: [Value] {
        storage.withUnsafeMutablePointers { header, fields in Array(UnsafeBufferPointer(start: fields, count: header.pointee.count)) }
    }

    public var shape: RecordShape { storage.header.shape }
    public var count: Int { storage.header.count }

    /// The value of the field at `position`, which must be below `count`.
    @inline(__always) func value(at position: Int) -> Value {
        storage.withUnsafeMutablePointerToElements { $0[position] }
    }

    /// A record of `shape` whose field `i` is `field(i)`, made in place in field order. When
    /// a field throws, the fields made so far are released with the buffer.
    @inline(__always) static func make(shape: RecordShape, count: Int, _ field: (Int) throws -> Value) rethrows -> Record {
        let storage = RecordStorage.make(shape: shape, capacity: count)
        try storage.withUnsafeMutablePointers { header, fields in
            for i in 0..<count {
                (fields + i).initialize(to: try field(i))
                header.pointee.count = i + 1
            }
        }
        return Record(storage: storage)
    }

    private init(storage: RecordStorage) { self.storage = storage }

    init(shape: RecordShape, values: [Value]) {
        self = Record.make(shape: shape, count: values.count) { values[$0] }
    }

    /// Builds a record from ordered pairs; a repeated key keeps its last value.
    public init(_ pairs: [(String, Value)]) {
        var keys: [String] = [], values: [Value] = [], seen: [String: Int] = [:]
        for (k, v) in pairs {
            if let i = seen[k] { values[i] = v } else {
                seen[k] = keys.count
                keys.append(k)
                values.append(v)
            }
        }
        self.init(shape: RecordShape(keys: keys), values: values)
    }

    public subscript(key: String) -> Value? {
        shape.position(of: key).map { value(at: $0) }
    }

    /// The same record: one buffer, not merely equal fields.
    public static func === (a: Record, b: Record) -> Bool { a.storage === b.storage }
}

struct RecordHeader {
    let shape: RecordShape
    /// How many fields are initialised: all of them once `Record.make` returns.
    var count: Int
}

/// A record's shape and field values in one allocation (see `Record`).
final class RecordStorage: ManagedBuffer<RecordHeader, Value> {
    static func make(shape: RecordShape, capacity: Int) -> RecordStorage {
        unsafeDowncast(RecordStorage.create(minimumCapacity: capacity) { _ in RecordHeader(shape: shape, count: 0) },
                       to: RecordStorage.self)
    }

    deinit {
        withUnsafeMutablePointers { header, fields in
            for i in 0..<header.pointee.count { (fields + i).deinitialize(count: 1) }
        }
    }
}
