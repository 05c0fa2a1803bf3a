import VigilSeries

/// How usage-derived and billed costs add up when both are fed (README "Cost"): the bill
/// is authoritative for the time it covers. For each tenant and operation, a usage charge
/// (usage × prices) over time that a billed line of the same tenant and operation also
/// covers keeps its quantity — the evidence of use that batching, caching and idle
/// recommendations read — but costs nothing, so the same hour is never paid twice; the
/// part of a usage charge outside every billed period costs its share as priced. Where no
/// bill exists (the current day before the export lands, or an operation the provider does
/// not tag), the usage-derived cost stands.
public enum CostReconciliation {
    public static func reconcile(usage: [Charge], billed: [Charge]) -> [Charge] {
        struct Key: Hashable { let tenant: String, operation: String }
        var covered: [Key: [(Timestamp, Timestamp)]] = [:]
        for c in billed where c.end > c.start { covered[Key(tenant: c.tenant, operation: c.operation), default: []].append((c.start, c.end)) }
        let merged = covered.mapValues(merge)
        var out = billed
        out.reserveCapacity(billed.count + usage.count)
        for c in usage {
            guard let spans = merged[Key(tenant: c.tenant, operation: c.operation)], c.end > c.start else {
                out.append(c)
                continue
            }
            out += pieces(c, spans)
        }
        return out
    }

    /// Sorted, overlapping or touching periods joined.
    static func merge(_ spans: [(Timestamp, Timestamp)]) -> [(Timestamp, Timestamp)] {
        var out: [(Timestamp, Timestamp)] = []
        for (s, e) in spans.sorted(by: { $0.0 < $1.0 }) {
            if let last = out.last, s <= last.1 {
                out[out.count - 1].1 = max(last.1, e)
            } else {
                out.append((s, e))
            }
        }
        return out
    }

    /// The charge cut at the billed periods' edges: covered pieces cost nothing.
    static func pieces(_ c: Charge, _ spans: [(Timestamp, Timestamp)]) -> [Charge] {
        // The first span ending after the charge starts (binary search: spans are sorted and disjoint).
        var lo = 0, hi = spans.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if spans[mid].1 <= c.start { lo = mid + 1 } else { hi = mid }
        }
        var out: [Charge] = [], cursor = c.start, i = lo
        while cursor < c.end {
            guard i < spans.count, spans[i].0 < c.end else {
                out.append(c.piece(from: cursor, to: c.end, billed: true))
                break
            }
            let (s, e) = spans[i]
            if cursor < s { out.append(c.piece(from: cursor, to: s, billed: true)) }
            let coveredEnd = min(e, c.end)
            out.append(c.piece(from: max(cursor, s), to: coveredEnd, billed: false))
            cursor = coveredEnd
            i += 1
        }
        return out.count == 1 && out[0].amount == c.amount ? [c] : out
    }
}
