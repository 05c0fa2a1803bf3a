import Foundation
import VigilSeries

/// One translated upstream PromQL test file (Tests/Fixtures/promql/*.promql), read into
/// data blocks, cases and the list of upstream evaluations left untranslated. The format:
///
///     upstream 14                      how many `eval` lines the upstream file has
///     load 10s                         series in promtool notation, one interval apart
///       metric{job="a"} 0 1 stale 2     (a label set loaded again replaces its samples)
///     clear                            forget every series loaded so far
///     eval at 30s: count(series("metric"), 1m)
///       {job="a"} 3                    expected: `{labels} v` lines (a vector), a bare `v`
///                                      (a scalar), or `nodata`; v is a number, NaN, ±Inf,
///                                      true, false or nodata (one element)
///     pending a at 50m: sum(series("metric"))
///       3                              translated, but must fail until work item a
///                                      (matching), b (numeric edges) or both (`a,b`) lands
///     skip none: resets(x[5m]) -- no resets()      untranslated upstream eval, with why:
///     skip differs: x > 1 -- comparisons give bools  `none` (no counterpart) or `differs`
///
/// Label sets never include the metric name: Vigil's vectors drop it (as PromQL does for
/// every function result), so upstream expectations are written without it.
struct PromQLFixture {
    enum Scalar: Equatable, CustomStringConvertible {
        case number(Double)
        case bool(Bool)
        case nodata

        var description: String {
            switch self {
            case .number(let x): x.isNaN ? "NaN" : x == .infinity ? "+Inf" : x == -.infinity ? "-Inf" : "\(x)"
            case .bool(let b): "\(b)"
            case .nodata: "nodata"
            }
        }
    }

    /// A result: nodata, one scalar, or a vector of label sets (without metric names).
    enum Result: Equatable, CustomStringConvertible {
        case nodata
        case scalar(Scalar)
        case vector([Labels: Scalar])

        var description: String {
            switch self {
            case .nodata: return "nodata"
            case .scalar(let s): return s.description
            case .vector(let v):
                return v.sorted { $0.key < $1.key }
                    .map { ($0.key.isEmpty ? "{}" : $0.key.fingerprint) + " " + $0.value.description }
                    .joined(separator: ", ")
            }
        }
    }

    struct Case {
        let line: Int
        /// The evaluation time in milliseconds.
        let at: Int64
        let expression: String
        let expected: Result
        /// The work items the case waits for ("a", "b" or "a,b"), nil when it must pass now.
        let pending: String?
        /// The series loaded when the case runs.
        let data: [Series]
    }

    struct Skip {
        let line: Int
        let category: String
        let upstream: String
        let reason: String
    }

    var upstreamEvaluations = 0
    var cases: [Case] = []
    var skips: [Skip] = []

    struct ParseError: Error, CustomStringConvertible {
        let file: String
        let line: Int
        let message: String
        var description: String { "\(file):\(line): \(message)" }
    }

    init(path: String) throws {
        let name = (path as NSString).lastPathComponent
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        func fail(_ index: Int, _ message: String) -> ParseError { ParseError(file: name, line: index + 1, message: message) }
        var data: [Labels: Series] = [:], order: [Labels] = []
        var index = 0
        /// The indented lines after the current one.
        func body() -> [(Int, String)] {
            var out: [(Int, String)] = []
            while index + 1 < lines.count, let first = lines[index + 1].first, first == " " || first == "\t" {
                index += 1
                let text = lines[index].trimmingCharacters(in: .whitespaces)
                if !text.isEmpty && !text.hasPrefix("#") { out.append((index, text)) }
            }
            return out
        }
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") {
                index += 1
                continue
            }
            let start = index
            if let count = line.dropPrefix("upstream ").flatMap({ Int($0) }) {
                upstreamEvaluations = count
            } else if line == "clear" {
                data = [:]
                order = []
            } else if let interval = line.dropPrefix("load ") {
                guard let step = PromQLText.duration(interval), step > 0 else { throw fail(index, "bad interval `\(interval)`") }
                for (at, text) in body() {
                    do {
                        let (labels, notation) = try PromQLText.loadLine(text)
                        if data[labels] == nil { order.append(labels) }
                        data[labels] = notation.series(labels: labels, interval: step)
                    } catch { throw fail(at, "\(error)") }
                }
            } else if let rest = line.dropPrefix("skip ") {
                guard let colon = rest.firstIndex(of: ":"), let dashes = rest.range(of: " -- ") else {
                    throw fail(index, "a skip reads `skip none|differs: <upstream expression> -- <reason>`")
                }
                let category = String(rest[..<colon])
                guard category == "none" || category == "differs" else { throw fail(index, "unknown skip category `\(category)`") }
                skips.append(Skip(line: index + 1, category: category,
                                  upstream: rest[rest.index(after: colon)..<dashes.lowerBound].trimmingCharacters(in: .whitespaces),
                                  reason: rest[dashes.upperBound...].trimmingCharacters(in: .whitespaces)))
            } else if let (pending, at, expression) = try Self.caseHeader(line, fail: { fail(index, $0) }) {
                let expected = body()
                guard !expected.isEmpty else { throw fail(start, "a case needs its expected result on indented lines") }
                let result: Result
                do { result = try PromQLText.result(expected.map(\.1)) } catch { throw fail(expected[0].0, "\(error)") }
                cases.append(Case(line: start + 1, at: at, expression: expression, expected: result, pending: pending,
                                  data: order.map { data[$0]! }))
            } else {
                throw fail(index, "expected upstream, load, clear, eval, pending or skip; found `\(line)`")
            }
            index += 1
        }
    }

    /// `eval at 50m: expr` or `pending a at 50m: expr`.
    private static func caseHeader(_ line: String, fail: (String) -> ParseError) throws -> (String?, Int64, String)? {
        var pending: String?
        var rest: Substring
        if let r = line.dropPrefix("eval at ") {
            rest = r
        } else if let r = line.dropPrefix("pending ") {
            guard let space = r.firstIndex(of: " "), ["a", "b", "a,b"].contains(r[..<space]),
                  let after = r[space...].dropPrefix(" at ") else {
                throw fail("a pending case reads `pending a|b|a,b at <time>: <expression>`")
            }
            pending = String(r[..<space])
            rest = after
        } else {
            return nil
        }
        guard let colon = rest.firstIndex(of: ":"), let at = PromQLText.duration(rest[..<colon]) else {
            throw fail("expected `at <time>: <expression>`")
        }
        return (pending, at, rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }
}

extension StringProtocol {
    /// The rest after `prefix`, or nil when the text does not start with it.
    func dropPrefix(_ prefix: String) -> SubSequence? {
        hasPrefix(prefix) ? dropFirst(prefix.count) : nil
    }
}
