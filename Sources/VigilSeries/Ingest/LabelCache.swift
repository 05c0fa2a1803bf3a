/// Reuses the `Labels` built for the previous identical label text: exposition files
/// repeat the same few series on many lines, and building a sorted label set is the costly part.
struct LabelCache {
    private var cache: [ArraySlice<UInt8>: Labels] = [:]

    mutating func labels(for key: ArraySlice<UInt8>, build: () throws -> Labels) rethrows -> Labels {
        if let labels = cache[key] { return labels }
        let labels = try build()
        if cache.count < 100_000 { cache[key] = labels }
        return labels
    }
}
