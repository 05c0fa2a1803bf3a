import VigilLib
import VigilRuntime
import VigilSeries

/// What Tab offers, by where the cursor stands: a service's signals after `service.`, metric
/// names and label values inside a string, label names inside `series(…)`, else the
/// session's names and the builtins.
struct ReplCompletions {
    var words: [String]
    /// What readline appends after a single match: `(` after a builtin, `"` after a string.
    var append: Character
}

extension ReplSession {
    func completions(of prefix: String, after before: String) -> ReplCompletions {
        if before.last == "\"" {
            return ReplCompletions(words: dataNames.strings(startingWith: prefix), append: "\"")
        }
        if let dot = prefix.lastIndex(of: "."),
           case .object(let service as ServiceObject)? = interpreter.exports.first(where: { $0.0 == prefix[..<dot] })?.1 {
            let member = prefix[prefix.index(after: dot)...]
            let words = service.signalNames.filter { $0.hasPrefix(member) }.sorted().map { String(prefix[...dot]) + $0 }
            return ReplCompletions(words: words, append: " ")
        }
        var words = completions(of: prefix)
        // Inside `series(…`, label names come first: `series("http_requests_total", co` ⇥ `code: `.
        if let open = before.range(of: "series(", options: .backwards), !before[open.upperBound...].contains(")") {
            let labels = dataNames.labelNames(startingWith: prefix).map { $0 + ":" }
            if !labels.isEmpty { words = labels + words }
        }
        let calls = !words.isEmpty && words.allSatisfy { !Engines.surface.lookup($0).isEmpty }
        return ReplCompletions(words: words, append: calls ? "(" : " ")
    }

    /// The metric names, label names and label values of the session's samples, indexed
    /// for prefix search (rebuilt when series are added: `:data`, a live refresh).
    var dataNames: DataNameIndex {
        let store = session.context.store
        if let index = cachedDataNames, index.seriesCount == store.series.count { return index }
        let index = DataNameIndex(store.series)
        cachedDataNames = index
        return index
    }
}

/// Sorted, unique names for prefix search by binary search: Tab must answer at once even
/// with tens of thousands of metric names.
struct DataNameIndex {
    let seriesCount: Int
    private let strings: [String]
    private let labels: [String]

    init(_ series: [Series]) {
        seriesCount = series.count
        var strings = Set<String>(), labels = Set<String>()
        for s in series {
            for pair in s.labels.pairs {
                strings.insert(pair.value)
                if pair.name != Labels.metricNameLabel { labels.insert(pair.name) }
            }
        }
        self.strings = strings.sorted()
        self.labels = labels.sorted()
    }

    /// Metric names and label values that start with `prefix`, at most 200.
    func strings(startingWith prefix: String) -> [String] { Self.search(strings, prefix) }

    func labelNames(startingWith prefix: String) -> [String] {
        prefix.isEmpty ? [] : Self.search(labels, prefix)
    }

    private static func search(_ sorted: [String], _ prefix: String) -> [String] {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < prefix { low = mid + 1 } else { high = mid }
        }
        var out: [String] = []
        while low < sorted.count, sorted[low].hasPrefix(prefix), out.count < 200 {
            out.append(sorted[low])
            low += 1
        }
        return out
    }
}
