/// A sliding-window minimum or maximum in amortised O(1) per sample.
///
/// Holds sample indices whose values are monotonic from front to back: a new value evicts
/// every value behind it that it beats, because those can never be the extreme again while
/// the newer one is in the window. The front is always the current extreme.
struct MonotonicDeque {
    /// Which extreme the deque tracks.
    enum Order {
        case minimum
        case maximum
    }

    private let order: Order
    private var indices: [Int] = []
    private var values: [Double] = []
    private var head = 0

    init(_ order: Order) {
        self.order = order
    }

    /// True when no value is held.
    var isEmpty: Bool { head == indices.count }

    /// The current extreme, if any value is held.
    var front: Double? { isEmpty ? nil : values[head] }

    /// Adds the value of sample `index`; indices must increase from call to call.
    @inline(__always)
    mutating func push(index: Int, value: Double) {
        while indices.count > head, beats(value, values[values.count - 1]) {
            indices.removeLast()
            values.removeLast()
        }
        indices.append(index)
        values.append(value)
    }

    /// Drops the front if it is sample `index` (called when that sample leaves the window).
    @inline(__always)
    mutating func evict(index: Int) {
        guard !isEmpty, indices[head] == index else { return }
        head += 1
        if head > 64 && head * 2 > indices.count {
            // Reclaim the consumed prefix once it dominates, keeping pushes amortised O(1).
            indices.removeFirst(head)
            values.removeFirst(head)
            head = 0
        }
    }

    /// Forgets every value.
    mutating func removeAll() {
        indices.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        head = 0
    }

    @inline(__always)
    private func beats(_ new: Double, _ old: Double) -> Bool {
        // Ties evict too: the newer sample stays in the window longer.
        order == .minimum ? new <= old : new >= old
    }
}
