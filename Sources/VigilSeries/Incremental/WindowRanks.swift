/// The values in a sliding window, answering "the k-th smallest" for quantiles.
///
/// Most windows hold a few hundred samples (an hour at 15 s is 240), where a sorted array
/// wins: entering and leaving are a binary search and a short memmove, and a rank is an
/// index. Past `arrayLimit` values the memmoves grow with the window, so the values move
/// into an `OrderStatisticTree` (O(log n) per change) until the window is emptied. Keys are
/// (value, sample index) in the tree's order — NaN first, as Go sorts for Prometheus — so
/// both forms hold the same sequence and answer every rank alike.
struct WindowRanks {
    /// The largest window kept as a sorted array.
    static let arrayLimit = 1024

    private struct Entry {
        let value: Double
        let id: Int
    }

    private var sorted: [Entry] = []
    private(set) var tree: OrderStatisticTree?

    /// Number of values held.
    var count: Int { tree?.count ?? sorted.count }

    /// Adds `value` for sample `id`; an `id` must not be present already.
    mutating func insert(_ value: Double, id: Int) {
        if tree != nil {
            tree!.insert(value, id: id)
            return
        }
        // One slot appended, the entries above the position moved up into it: a memmove,
        // without the generic insertion path (most of the cost at a few hundred entries).
        let index = firstIndex(notBelow: value, id: id)
        let entry = Entry(value: value, id: id)
        sorted.append(entry)
        let moved = sorted.count - 1 - index
        if moved > 0 {
            sorted.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress!
                UnsafeMutableRawPointer(base + index + 1).copyMemory(from: base + index, byteCount: moved * MemoryLayout<Entry>.stride)
                base[index] = entry
            }
        }
        if sorted.count > Self.arrayLimit {
            var grown = OrderStatisticTree()
            for entry in sorted { grown.insert(entry.value, id: entry.id) }
            tree = grown
            sorted.removeAll()
        }
    }

    /// Removes the value held for sample `id`; does nothing when it is absent.
    mutating func remove(_ value: Double, id: Int) {
        if tree != nil {
            tree!.remove(value, id: id)
            return
        }
        let index = firstIndex(notBelow: value, id: id)
        guard index < sorted.count && sorted[index].id == id else { return }
        let moved = sorted.count - 1 - index
        if moved > 0 {
            sorted.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress!
                UnsafeMutableRawPointer(base + index).copyMemory(from: base + index + 1, byteCount: moved * MemoryLayout<Entry>.stride)
            }
        }
        sorted.removeLast()
    }

    /// The k-th smallest value, counting from 0; `rank` must be below `count`.
    func value(atRank rank: Int) -> Double {
        tree?.value(atRank: rank) ?? sorted[rank].value
    }

    /// Forgets every value, returning to the array form.
    mutating func removeAll() {
        sorted.removeAll(keepingCapacity: true)
        tree = nil
    }

    /// The position of the first entry not ordered before (value, id).
    private func firstIndex(notBelow value: Double, id: Int) -> Int {
        sorted.withUnsafeBufferPointer { sorted in
            var low = 0, high = sorted.count
            if value.isNaN {
                while low < high {
                    let middle = (low + high) >> 1
                    let entry = sorted[middle]
                    let entryIsBelow = Statistics.nanFirstLess(entry.value, value)
                        || (!Statistics.nanFirstLess(value, entry.value) && entry.id < id)
                    if entryIsBelow { low = middle + 1 } else { high = middle }
                }
                return low
            }
            // The same order for a number: an entry is below it when it is NaN or smaller
            // (`!(entry >= value)`), or equal with a smaller id.
            while low < high {
                let middle = (low + high) >> 1
                let entry = sorted[middle]
                let entryIsBelow = !(entry.value >= value) || (entry.value == value && entry.id < id)
                if entryIsBelow { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }
}
