/// A multiset of doubles that answers "the k-th smallest" in O(log n): a treap with subtree sizes.
///
/// Used for sliding-window quantiles: each sample is inserted when it enters the window and
/// removed when it leaves. Keys are (value, sample index), so equal values stay distinct.
/// Nodes live in flat arrays addressed by Int (no classes), which keeps ARC out of the loop.
/// NaN orders before every number, as Go's sort does for Prometheus.
struct OrderStatisticTree {
    private struct Node {
        var value: Double
        var id: Int
        var priority: UInt64
        var left: Int
        var right: Int
        var size: Int
    }

    private static let none = -1
    private var nodes: [Node] = []
    private var freeList: [Int] = []
    private var root = OrderStatisticTree.none
    private var randomState: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Number of values held.
    var count: Int { size(root) }

    /// Inserts `value` for sample `id`; an `id` must not be present already.
    mutating func insert(_ value: Double, id: Int) {
        let node = allocate(value: value, id: id)
        let (left, right) = split(root, value: value, id: id)
        root = merge(merge(left, node), right)
    }

    /// Removes the value held for sample `id`; does nothing when it is absent.
    mutating func remove(_ value: Double, id: Int) {
        root = remove(from: root, value: value, id: id)
    }

    /// The k-th smallest value, counting from 0; `k` must be below `count`.
    func value(atRank rank: Int) -> Double {
        var node = root
        var k = rank
        while true {
            let leftSize = size(nodes[node].left)
            if k < leftSize {
                node = nodes[node].left
            } else if k == leftSize {
                return nodes[node].value
            } else {
                k -= leftSize + 1
                node = nodes[node].right
            }
        }
    }

    /// Forgets every value.
    mutating func removeAll() {
        nodes.removeAll(keepingCapacity: true)
        freeList.removeAll(keepingCapacity: true)
        root = OrderStatisticTree.none
    }

    // MARK: - Treap internals

    @inline(__always)
    private func size(_ node: Int) -> Int {
        node == OrderStatisticTree.none ? 0 : nodes[node].size
    }

    @inline(__always)
    private func isLess(_ value: Double, _ id: Int, than node: Int) -> Bool {
        let other = nodes[node].value
        if Statistics.nanFirstLess(value, other) { return true }
        if Statistics.nanFirstLess(other, value) { return false }
        return id < nodes[node].id
    }

    private mutating func update(_ node: Int) {
        nodes[node].size = 1 + size(nodes[node].left) + size(nodes[node].right)
    }

    private mutating func allocate(value: Double, id: Int) -> Int {
        // xorshift64*: a cheap, deterministic priority source; balance only needs it to look random.
        randomState ^= randomState >> 12
        randomState ^= randomState << 25
        randomState ^= randomState >> 27
        let priority = randomState &* 0x2545_F491_4F6C_DD1D
        let node = Node(value: value, id: id, priority: priority, left: OrderStatisticTree.none,
                        right: OrderStatisticTree.none, size: 1)
        if let reused = freeList.popLast() {
            nodes[reused] = node
            return reused
        }
        nodes.append(node)
        return nodes.count - 1
    }

    /// Splits a subtree into keys below (value, id) and keys at or above it.
    private mutating func split(_ node: Int, value: Double, id: Int) -> (Int, Int) {
        if node == OrderStatisticTree.none { return (OrderStatisticTree.none, OrderStatisticTree.none) }
        if isLess(value, id, than: node) {
            let (left, right) = split(nodes[node].left, value: value, id: id)
            nodes[node].left = right
            update(node)
            return (left, node)
        } else {
            let (left, right) = split(nodes[node].right, value: value, id: id)
            nodes[node].right = left
            update(node)
            return (node, right)
        }
    }

    /// Joins two subtrees where every key of `left` is below every key of `right`.
    private mutating func merge(_ left: Int, _ right: Int) -> Int {
        if left == OrderStatisticTree.none { return right }
        if right == OrderStatisticTree.none { return left }
        if nodes[left].priority > nodes[right].priority {
            nodes[left].right = merge(nodes[left].right, right)
            update(left)
            return left
        } else {
            nodes[right].left = merge(left, nodes[right].left)
            update(right)
            return right
        }
    }

    private mutating func remove(from node: Int, value: Double, id: Int) -> Int {
        if node == OrderStatisticTree.none { return node }
        if nodes[node].id == id {
            let replacement = merge(nodes[node].left, nodes[node].right)
            freeList.append(node)
            return replacement
        }
        if isLess(value, id, than: node) {
            nodes[node].left = remove(from: nodes[node].left, value: value, id: id)
        } else {
            nodes[node].right = remove(from: nodes[node].right, value: value, id: id)
        }
        update(node)
        return node
    }
}
