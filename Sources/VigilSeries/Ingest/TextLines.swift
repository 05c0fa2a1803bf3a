/// Splits UTF-8 text into lines as byte ranges, without decoding characters.
///
/// Line-oriented formats only care about ASCII structure (newlines, quotes, commas, braces),
/// so scanning bytes avoids Swift's grapheme-cluster work and is many times faster.
struct TextLines {
    /// The whole input as UTF-8 bytes.
    let bytes: [UInt8]
    /// Each line's byte range, without its `\n` or a trailing `\r`.
    let ranges: [Range<Int>]

    /// Lines already split (one line copied out of a larger buffer).
    init(bytes: [UInt8], ranges: [Range<Int>]) {
        self.bytes = bytes
        self.ranges = ranges
    }

    init(_ text: String) {
        bytes = Array(text.utf8)
        var ranges: [Range<Int>] = []
        var start = 0
        // A UTF-8 byte-order mark is not content.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        var index = start
        while index < bytes.count {
            if bytes[index] == 10 {
                ranges.append(start..<TextLines.trimmingCarriageReturn(bytes, start, index))
                start = index + 1
            }
            index += 1
        }
        ranges.append(start..<TextLines.trimmingCarriageReturn(bytes, start, bytes.count))
        self.ranges = ranges
    }

    /// The text of a byte range.
    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// True when the range holds only spaces and tabs.
    func isBlank(_ range: Range<Int>) -> Bool {
        bytes[range].allSatisfy { $0 == 32 || $0 == 9 }
    }

    /// True when the range's bytes equal an ASCII string.
    func equals(_ range: Range<Int>, _ text: String) -> Bool {
        bytes[range].elementsEqual(text.utf8)
    }

    /// 1-based character column of a byte offset within a line, for error messages.
    func column(of offset: Int, in line: Range<Int>) -> Int {
        String(decoding: bytes[line.lowerBound..<min(offset, line.upperBound)], as: UTF8.self).count + 1
    }

    private static func trimmingCarriageReturn(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        end > start && bytes[end - 1] == 13 ? end - 1 : end
    }
}
