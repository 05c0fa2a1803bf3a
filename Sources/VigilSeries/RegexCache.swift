import Synchronization

/// Compiled label-matcher regexes by source text, shared by the whole process.
///
/// A rule re-evaluates `series("x", code: ~"5..")` every tick, which builds its matchers
/// again; parsing and lowering the same pattern each time dominated a replay. A compiled
/// `Regex` is immutable once built (its lowered program is published atomically), so one
/// instance can serve every matcher with the same source.
enum RegexCache {
    /// Patterns built at run time (interpolated strings) could grow the cache without
    /// bound; past this many distinct sources it starts over.
    static let capacity = 1024

    private static let compiled = Mutex<[String: CachedRegex]>([:])

    /// The compiled regex for `source`, compiling it once; throws what `Regex(_:)` throws.
    static func regex(_ source: String) throws -> Regex<AnyRegexOutput> {
        if let hit = compiled.withLock({ $0[source] }) { return hit.regex }
        let regex = try Regex(source)
        compiled.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[source] = CachedRegex(regex: regex)
        }
        return regex
    }
}

/// A compiled regex marked sendable: see `RegexCache` for why sharing it is safe.
private struct CachedRegex: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
}
