/// A unified diff of two texts by lines (`vigil fmt --diff`), with three lines of context,
/// as `diff -u` prints it: editors and CI read the hunks, people read the +/- lines.
enum UnifiedDiff {
    private enum Edit { case keep(String), remove(String), add(String) }

    static func render(old: String, new: String, path: String) -> String {
        let a = lines(old), b = lines(new)
        let edits = diff(a, b)
        var out = ["--- \(path)", "+++ \(path) (formatted)"]
        var i = 0
        while i < edits.count {
            guard isChange(edits[i]) else { i += 1; continue }
            // A hunk: from 3 lines before the change to 3 after the last change that is at most
            // 6 unchanged lines further on.
            let start = max(0, i - 3)
            var end = i
            while end < edits.count {
                var next = end + 1
                while next < edits.count, !isChange(edits[next]) { next += 1 }
                if next < edits.count, next - end <= 7 { end = next } else { break }
            }
            let stop = min(edits.count, end + 4)
            let hunk = edits[start..<stop]
            let (oldStart, newStart) = positions(edits, before: start)
            let oldCount = hunk.filter { if case .add = $0 { false } else { true } }.count
            let newCount = hunk.filter { if case .remove = $0 { false } else { true } }.count
            out.append("@@ -\(oldStart + (oldCount == 0 ? 0 : 1)),\(oldCount) +\(newStart + (newCount == 0 ? 0 : 1)),\(newCount) @@")
            for edit in hunk {
                switch edit {
                case .keep(let l): out.append(" " + l)
                case .remove(let l): out.append("-" + l)
                case .add(let l): out.append("+" + l)
                }
            }
            i = stop
        }
        return out.joined(separator: "\n")
    }

    private static func isChange(_ e: Edit) -> Bool { if case .keep = e { false } else { true } }

    /// How many old and new lines come before edit `index`.
    private static func positions(_ edits: [Edit], before index: Int) -> (Int, Int) {
        var old = 0, new = 0
        for e in edits[..<index] {
            switch e {
            case .keep: old += 1; new += 1
            case .remove: old += 1
            case .add: new += 1
            }
        }
        return (old, new)
    }

    private static func lines(_ text: String) -> [String] {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    /// The edits turning `a` into `b`: the common prefix and suffix kept, the middle by a
    /// longest common subsequence (formatting changes little, so the middle is small).
    private static func diff(_ a: [String], _ b: [String]) -> [Edit] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let x = Array(a[prefix..<(a.count - suffix)]), y = Array(b[prefix..<(b.count - suffix)])
        // lcs[i][j]: the common subsequence length of x[i...] and y[j...].
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in stride(from: x.count - 1, through: 0, by: -1) {
            for j in stride(from: y.count - 1, through: 0, by: -1) {
                lcs[i][j] = x[i] == y[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var edits = a[..<prefix].map(Edit.keep)
        var i = 0, j = 0
        while i < x.count || j < y.count {
            if i < x.count, j < y.count, x[i] == y[j] {
                edits.append(.keep(x[i])); i += 1; j += 1
            } else if i < x.count, j == y.count || lcs[i + 1][j] >= lcs[i][j + 1] {
                edits.append(.remove(x[i])); i += 1
            } else {
                edits.append(.add(y[j])); j += 1
            }
        }
        edits += a[(a.count - suffix)...].map(Edit.keep)
        return edits
    }
}
