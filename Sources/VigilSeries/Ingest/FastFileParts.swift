import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fast path over a file: the file read with `pread` through a fixed buffer, in one part
/// or, when it is large, in one part a core, side by side.
///
/// Each part starts just after a line break and is read by its own `FastLineParser`; the
/// parts' accumulators are then joined in order (`SeriesAccumulator.joined`). A line of
/// exposition text means the same wherever it stands (the parser keeps no state from line to
/// line but the `# EOF` it saw and where each series' samples got to), so the joined parts
/// are what one parser reading the whole file collects. Where that could differ, the parts
/// give up, as the single parser would, and the exact path runs: a part that fails, a `# EOF`
/// before the last part, a series whose samples do not increase from one part into the next.
/// CSV is read in one part: its header, on the first line, gives every row its meaning.
enum FastFileParts {
    /// The least a part holds: below it a thread costs more than it saves.
    static let minimumPartSize = 16 << 20

    /// The samples of a file as the fast parser collects them, or nil when it gives up or
    /// the file cannot be read. `parts` nil: one part per `minimumPartSize`, at most one a core.
    static func parse(_ path: String, format: IngestFormat, defaultTimestamp: Timestamp?, chunkSize: Int, parts: Int?) -> SeriesAccumulator? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { return nil }
        let size = Int(status.st_size)
        var tail = [UInt8](repeating: 0, count: 16)
        let tailCount = tail.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 16, off_t(max(0, size - 16))) }
        guard tailCount >= 0 else { return nil }
        let dialect = tail.withUnsafeBufferPointer { SeriesStore.guessDialect(tail: UnsafeBufferPointer(rebasing: $0[0..<tailCount])) }
        if dialect == .prometheus, ExpositionParser.isOpenMetricsName(path) { return nil }
        let wanted = format == .csv ? 1 : parts ?? min(ProcessInfo.processInfo.activeProcessorCount, max(1, size / minimumPartSize))
        guard let starts = partStarts(fd, size: size, parts: wanted) else { return nil }
        let count = starts.count - 1
        let newParser = { FastLineParser(file: path, format: format, defaultTimestamp: defaultTimestamp, dialect: dialect) }
        if count == 1 {
            var parser = newParser()
            do {
                try read(fd, from: 0, to: size, into: &parser, chunkSize: chunkSize, first: true, last: true)
                try parser.finish()
            } catch { return nil }
            return parser.takeAccumulator()
        }
        let results = Mutex([SeriesAccumulator?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { part in
            var parser = newParser()
            let last = part == count - 1
            do {
                try read(fd, from: starts[part], to: starts[part + 1], into: &parser, chunkSize: chunkSize, first: part == 0, last: last)
                if last { try parser.finish() } else if parser.sawEOF { return }
            } catch { return }
            let accumulator = parser.takeAccumulator()
            results.withLock { $0[part] = accumulator }
        }
        var collected = results.withLock { state in
            let taken = state
            state = []
            return taken
        }
        // Moved out one by one, so each part's columns have one owner and move on uncopied.
        var accumulators: [SeriesAccumulator] = []
        for part in 0..<count {
            guard let accumulator = collected[part].take() else { return nil }
            accumulators.append(accumulator)
        }
        return SeriesAccumulator.joined(&accumulators)
    }

    /// Where each part begins: 0, then for each further part the first line start at or after
    /// its share of the file, then the size. Parts that would be empty are dropped.
    static func partStarts(_ fd: Int32, size: Int, parts: Int) -> [Int]? {
        var starts = [0]
        guard parts > 1 else { return [0, size] }
        var probe = [UInt8](repeating: 0, count: 1 << 16)
        for part in 1..<parts {
            var position = max(starts[starts.count - 1], part * (size / parts) - 1)
            var found: Int?
            while found == nil && position < size {
                let received = probe.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(position)) }
                guard received > 0 else { return nil }
                if let newline = probe[0..<received].firstIndex(of: 10) { found = position + newline + 1 } else { position += received }
            }
            guard let start = found, start < size else { break }
            if start > starts[starts.count - 1] { starts.append(start) }
        }
        starts.append(size)
        return starts
    }

    /// Feeds `parser` the lines of bytes `from..<to` (`to` just after a line break, unless it
    /// is the `last` part), read `chunkSize` bytes at a time; the `first` part skips a byte
    /// order mark.
    static func read(_ fd: Int32, from: Int, to: Int, into parser: inout FastLineParser, chunkSize: Int, first: Bool, last: Bool) throws {
        var buffer = [UInt8](repeating: 0, count: max(1, min(chunkSize, to - from)))
        var offset = from
        var filled = 0
        var atStart = first
        while true {
            let wanted = min(buffer.count - filled, to - offset)
            let received = wanted == 0 ? 0 : buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled, wanted, off_t(offset)) }
            guard received >= 0 else { throw FastLineParser.Fallback() }
            offset += received
            filled += received
            // The end of the range, or of a file that shrank under us.
            let done = offset == to || (wanted > 0 && received == 0)
            let final = done && last
            try buffer.withUnsafeMutableBufferPointer { bytes in
                let base = UnsafePointer(bytes.baseAddress!)
                var start = 0
                if atStart && filled >= 3 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
                if atStart && (filled >= 3 || done) { atStart = false }
                if atStart { return }
                // Whole lines only, so no line (or UTF-8 sequence) is split between reads.
                var end = filled
                if !final {
                    while end > start && base[end - 1] != 10 { end -= 1 }
                    // A part before the last ends with its line break; anything after it is not a line of ours.
                    if done && end != filled { throw FastLineParser.Fallback() }
                }
                if end > start || final { try parser.consume(base + start, end - start, final: final) }
                filled -= end
                if filled > 0 && end > 0 { memmove(bytes.baseAddress!, base + end, filled) }
            }
            if done { break }
            // A line longer than the buffer: make room for the rest of it.
            if filled == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
        }
    }
}
