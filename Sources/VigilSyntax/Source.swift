/// A half-open range of UTF-8 byte offsets `[start, end)` into one source file.
public struct SourceRange: Hashable, Sendable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }

    public static let none = SourceRange(0, 0)
}

/// A line and column, both counted from 1; the column counts characters, not bytes.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var description: String { "\(line):\(column)" }
}

/// The text of one `.vigil` file and the index that turns offsets into lines.
public final class SourceFile: @unchecked Sendable {
    public let path: String
    public let text: String
    /// The text as UTF-8 bytes; the lexer reads these and every offset points into them.
    public let bytes: [UInt8]
    private let lineStarts: [Int]
    /// The path's FNV-1a hash: the same for every copy of one file (a REPL line, a reload),
    /// where the object's identity is not, and cheaper to read than hashing the path again.
    public let pathHash: UInt

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        var hash: UInt = 0xCBF2_9CE4_8422_2325
        for byte in path.utf8 { hash = (hash ^ UInt(byte)) &* 0x100_0000_01B3 }
        self.pathHash = hash
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// The line (1-based) holding `offset`.
    public func line(of offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo + 1
    }

    public func location(of offset: Int) -> SourceLocation {
        let line = line(of: offset)
        let start = lineStarts[line - 1]
        let prefix = bytes[start..<min(max(offset, start), bytes.count)]
        let column = String(decoding: prefix, as: UTF8.self).count + 1
        return SourceLocation(line: line, column: column)
    }

    /// The text of line `line` (1-based) without its newline.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    public func slice(_ range: SourceRange) -> String {
        let lo = min(max(0, range.start), bytes.count), hi = min(max(lo, range.end), bytes.count)
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}
