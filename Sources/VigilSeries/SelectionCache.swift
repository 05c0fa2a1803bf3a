import Synchronization

/// Which series each matcher set selected, as positions in a `SeriesStore`, sorted by label set.
///
/// A rule evaluates the same selectors every tick while the set of series rarely changes,
/// so matching every candidate's labels (regexes included) each time is wasted work. Series
/// are never removed and keep their positions, and appending samples does not change which
/// series match, so an entry stays right until a new series is added — and the store then
/// starts a fresh cache (`SeriesStore.position(creating:)`). Copies of a store share one
/// cache until one of them adds a series, which keeps the store's value semantics.
final class SelectionCache: Sendable {
    /// Selectors built at run time could grow the cache without bound; past this many
    /// distinct matcher sets it starts over.
    static let capacity = 4096

    private let positions = Mutex<[[LabelMatcher]: [Int]]>([:])

    /// The cached positions for `matchers`, or those `compute` finds, remembered.
    func positions(for matchers: [LabelMatcher], compute: () -> [Int]) -> [Int] {
        if let hit = positions.withLock({ $0[matchers] }) { return hit }
        let found = compute()
        positions.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[matchers] = found
        }
        return found
    }

    /// Number of matcher sets remembered (for tests).
    var count: Int { positions.withLock { $0.count } }
}
