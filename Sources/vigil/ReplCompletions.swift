import Foundation
import Synchronization
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
        let count = dataSeriesCount
        if let index = cachedDataNames, index.seriesCount == count { return index }
        let index = dataNameWarmer.index(forSeriesCount: count) ?? DataNameIndex(dataLabelSets)
        cachedDataNames = index
        return index
    }
}

/// Builds a `DataNameIndex` off the prompt's thread as soon as samples are loaded: sorting
/// tens of thousands of names takes longer than a Tab may, and an operator types for a
/// while before the first Tab, so the first one finds the index ready.
final class DataNameIndexWarmer: Sendable {
    private let built = Mutex<DataNameIndex?>(nil)

    /// Starts building the index of `series` (a copy: the store may grow meanwhile).
    func warm(_ series: [Labels]) {
        guard !series.isEmpty else { return }
        DispatchQueue.global(qos: .userInitiated).async {
            let index = DataNameIndex(series)
            self.built.withLock { current in
                if (current?.seriesCount ?? -1) < index.seriesCount { current = index }
            }
        }
    }

    /// The index built in the background, when it covers exactly `count` series.
    func index(forSeriesCount count: Int) -> DataNameIndex? {
        built.withLock { $0?.seriesCount == count ? $0 : nil }
    }
}

/// Sorted, unique names for prefix search by binary search: Tab must answer at once even
/// with tens of thousands of metric names.
struct DataNameIndex {
    let seriesCount: Int
    private let strings: [String]
    private let labels: [String]

    init(_ series: [Labels]) {
        seriesCount = series.count
        var strings = Set<String>(), labels = Set<String>()
        for s in series {
            for pair in s.pairs {
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
