/// Turns libFuzzer's raw bytes into what the targets feed Vigil.
public enum FuzzInput {
    /// The bytes as an array (libFuzzer may pass a null pointer for an empty input).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// The bytes as text, bad UTF-8 repaired, the way a reader of a file would see them.
    public static func text(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String {
        String(decoding: bytes(data, size), as: UTF8.self)
    }
}

/// A property that must hold for every input: a violation is a crash libFuzzer records.
public func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("fuzz property violated: " + message()) }
}
