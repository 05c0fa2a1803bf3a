/// Collects the samples of one ingested file series by series, in columns (8 + 8 bytes a
/// sample, no per-sample line numbers or label references).
///
/// Each distinct label text (`name{a="1"}`, or a CSV row's middle columns) is parsed once:
/// later lines with the same bytes find their series by hash, or by comparing with the
/// previous line's text, which is the usual case in files written series by series.
struct SeriesAccumulator {
    private(set) var labels: [Labels] = []
    private(set) var timestamps: [[Timestamp]] = []
    private(set) var values: [[Double]] = []
    private var slotByLabels: [Labels: Int] = [:]
    private var keys = ByteKeyTable()
    private var lastSlot = -1
    private var lastKey = -1
    /// Samples that took the default (scrape) time because their line had none.
    var untimestamped = 0

    /// The series of a label text seen before, or nil.
    @inline(__always)
    mutating func slot(forKey p: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        if lastKey >= 0 && keys.equals(lastKey, p, count) { return lastSlot }
        guard let entry = keys.find(p, count) else { return nil }
        lastKey = entry
        lastSlot = keys.slot(of: entry)
        return lastSlot
    }

    /// When the line at `p` starts with the previous line's label text followed by a space or
    /// a tab: its series and the text's length. Scanning such a line would stop at the same
    /// place (the text was scanned whole before, and is followed by a separator), so the
    /// usual line of a file written series by series skips the byte-by-byte scan.
    @inline(__always)
    func repeatedKey(_ p: UnsafePointer<UInt8>, _ count: Int) -> (slot: Int, keyEnd: Int)? {
        guard lastKey >= 0 else { return nil }
        let length = keys.length(of: lastKey)
        guard length < count, p[length] == 32 || p[length] == 9, keys.equals(lastKey, p, length) else { return nil }
        return (lastSlot, length)
    }

    /// Records that a label text (already parsed into `labels`) names this series.
    mutating func add(key p: UnsafePointer<UInt8>, _ count: Int, labels: Labels) -> Int {
        let slot = self.slot(for: labels)
        lastKey = keys.insert(p, count, slot: slot)
        lastSlot = slot
        return slot
    }

    /// The slot of a label set, made on first sight.
    mutating func slot(for labels: Labels) -> Int {
        if let slot = slotByLabels[labels] { return slot }
        let slot = self.labels.count
        self.labels.append(labels)
        timestamps.append([])
        values.append([])
        slotByLabels[labels] = slot
        return slot
    }

    /// Appends a sample; false when it is not after the series' previous one (the exact
    /// path then sorts the file or names the duplicate).
    @inline(__always)
    mutating func append(_ slot: Int, _ timestamp: Timestamp, _ value: Double) -> Bool {
        if let last = timestamps[slot].last, timestamp <= last { return false }
        timestamps[slot].append(timestamp)
        values[slot].append(value)
        return true
    }

    /// The array with its growth slack (up to half of it) given back: the store keeps
    /// 16 bytes a sample, and one series is copied at a time.
    private static func fitted<T>(_ array: [T]) -> [T] {
        guard array.capacity > array.count + array.count / 16 else { return array }
        return array.withUnsafeBufferPointer { Array($0) }
    }

    /// The accumulators of consecutive parts of one input, joined in order as if one had
    /// read them all: series in order of first appearance, each series' samples part after
    /// part, each column sized once. Nil when a series' samples do not increase from one
    /// part into the next (the exact path then sorts or names the duplicate).
    static func joined(_ parts: inout [SeriesAccumulator]) -> SeriesAccumulator? {
        var result = SeriesAccumulator()
        // Each joined series' pieces: (part, slot in that part).
        var pieces: [[(part: Int, slot: Int)]] = []
        for part in parts.indices {
            for (slot, labels) in parts[part].labels.enumerated() {
                let joined = result.slot(for: labels)
                if joined == pieces.count { pieces.append([]) }
                pieces[joined].append((part, slot))
            }
            result.untimestamped += parts[part].untimestamped
        }
        for (joined, list) in pieces.enumerated() {
            var previous: Timestamp?
            for (part, slot) in list {
                guard let first = parts[part].timestamps[slot].first else { continue }
                if let previous, first <= previous { return nil }
                previous = parts[part].timestamps[slot].last
            }
            if list.count == 1 {
                swap(&result.timestamps[joined], &parts[list[0].part].timestamps[list[0].slot])
                swap(&result.values[joined], &parts[list[0].part].values[list[0].slot])
                continue
            }
            let total = list.reduce(0) { $0 + parts[$1.part].timestamps[$1.slot].count }
            result.timestamps[joined].reserveCapacity(total)
            result.values[joined].reserveCapacity(total)
            for (part, slot) in list {
                result.timestamps[joined] += parts[part].timestamps[slot]
                result.values[joined] += parts[part].values[slot]
                // Freed as soon as copied: at most one series is held twice.
                parts[part].timestamps[slot] = []
                parts[part].values[slot] = []
            }
        }
        return result
    }

    var sampleCount: Int { timestamps.reduce(0) { $0 + $1.count } }

    /// Hands the columns over as series, emptying the accumulator so each array moves
    /// without a copy.
    mutating func takeSeries() -> [Series] {
        var result: [Series] = []
        result.reserveCapacity(labels.count)
        for slot in labels.indices where !timestamps[slot].isEmpty {
            let times = Self.fitted(timestamps[slot]), samples = Self.fitted(values[slot])
            timestamps[slot] = []
            values[slot] = []
            result.append(Series(labels: labels[slot], increasingTimestamps: times, values: samples))
        }
        return result
    }
}

/// An open-addressing hash table from byte strings to small integers, the bytes kept in
/// one arena: lookups hash the bytes in place, with no `Array` or `String` made per line.
struct ByteKeyTable {
    private var arena: [UInt8] = []
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var hashes: [UInt64] = []
    private var slots: [Int] = []
    /// Entry index + 1 per bucket; 0 is empty.
    private var buckets = [Int32](repeating: 0, count: 64)

    func slot(of entry: Int) -> Int { slots[entry] }

    func length(of entry: Int) -> Int { lengths[entry] }

    @inline(__always)
    func equals(_ entry: Int, _ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard lengths[entry] == count else { return false }
        return arena.withUnsafeBufferPointer { memoryEqual($0.baseAddress! + starts[entry], p, count) }
    }

    @inline(__always)
    func find(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        let hash = Self.hash(p, count)
        let mask = buckets.count - 1
        var bucket = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = Int(buckets[bucket])
            if stored == 0 { return nil }
            if hashes[stored - 1] == hash && equals(stored - 1, p, count) { return stored - 1 }
            bucket = (bucket + 1) & mask
        }
    }

    /// Adds a key (not present yet); returns its entry.
    mutating func insert(_ p: UnsafePointer<UInt8>, _ count: Int, slot: Int) -> Int {
        if (starts.count + 1) * 2 > buckets.count { grow() }
        let entry = starts.count
        starts.append(arena.count)
        lengths.append(count)
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: count))
        let hash = Self.hash(p, count)
        hashes.append(hash)
        slots.append(slot)
        place(entry, hash: hash)
        return entry
    }

    private mutating func place(_ entry: Int, hash: UInt64) {
        let mask = buckets.count - 1
        var bucket = Int(truncatingIfNeeded: hash) & mask
        while buckets[bucket] != 0 { bucket = (bucket + 1) & mask }
        buckets[bucket] = Int32(entry + 1)
    }

    private mutating func grow() {
        buckets = [Int32](repeating: 0, count: buckets.count * 2)
        for entry in starts.indices { place(entry, hash: hashes[entry]) }
    }

    /// A multiply-xor hash over 8-byte words: keys are trusted file text, not adversarial input.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < count {
            tail |= UInt64(p[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }
}

@inline(__always)
func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var i = 0
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    while i + 8 <= count {
        if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
            return false
        }
        i += 8
    }
    while i < count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
