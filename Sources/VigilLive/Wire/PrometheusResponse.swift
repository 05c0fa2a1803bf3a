import Foundation
import VigilSeries

/// One value for one label set, as an instant query returns it.
public struct LabeledValue: Hashable, Sendable {
    /// The label set (functions like `rate` drop `__name__`, as Prometheus does).
    public let labels: Labels
    /// The value.
    public let value: Double

    /// Creates a labeled value.
    public init(labels: Labels, value: Double) {
        self.labels = labels
        self.value = value
    }

    public static func == (lhs: LabeledValue, rhs: LabeledValue) -> Bool {
        lhs.labels == rhs.labels && lhs.value.bitPattern == rhs.value.bitPattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels)
        hasher.combine(value.bitPattern)
    }
}

/// Decodes the Prometheus HTTP API envelope and its `matrix` and `vector` results.
enum PrometheusResponse {
    /// The series of a `matrix` result, each with its samples.
    static func matrix(_ answer: HTTPAnswer, url: String) throws -> [Series] {
        let data = try payload(answer, url: url, expecting: "matrix")
        guard let items = data as? [[String: Any]] else {
            throw malformed(url, "matrix result is not a list of series")
        }
        return try items.map { item in
            let labels = try labelSet(item["metric"], url: url)
            guard let pairs = item["values"] as? [Any] else {
                throw malformed(url, "series \(labels) has no \"values\" list")
            }
            let samples = try pairs.map { try sample($0, url: url) }
            do {
                return try Series(labels: labels, samples: samples)
            } catch {
                throw malformed(url, "\(error)")
            }
        }
    }

    /// The elements of a `vector` result, sorted by label set.
    static func vector(_ answer: HTTPAnswer, url: String) throws -> [LabeledValue] {
        let data = try payload(answer, url: url, expecting: "vector")
        guard let items = data as? [[String: Any]] else {
            throw malformed(url, "vector result is not a list of elements")
        }
        let values = try items.map { item in
            LabeledValue(labels: try labelSet(item["metric"], url: url), value: try sample(item["value"] as Any, url: url).value)
        }
        return values.sorted { $0.labels < $1.labels }
    }

    /// Checks the envelope and answers `data.result` when `data.resultType` is as expected.
    private static func payload(_ answer: HTTPAnswer, url: String, expecting type: String) throws -> Any {
        let object = try? JSONSerialization.jsonObject(with: answer.body)
        guard let envelope = object as? [String: Any] else {
            if !(200..<300).contains(answer.status) {
                throw LiveError(url: url, kind: .httpStatus(code: answer.status, body: answer.bodySnippet))
            }
            throw malformed(url, "not a JSON object: \(answer.bodySnippet)")
        }
        let status = envelope["status"] as? String
        if status == "error" {
            let errorType = envelope["errorType"] as? String ?? "unknown"
            let message = envelope["error"] as? String ?? "(no message)"
            throw LiveError(url: url, kind: .prometheus(errorType: errorType, message: message))
        }
        guard (200..<300).contains(answer.status) else {
            throw LiveError(url: url, kind: .httpStatus(code: answer.status, body: answer.bodySnippet))
        }
        guard status == "success", let data = envelope["data"] as? [String: Any],
              let resultType = data["resultType"] as? String, let result = data["result"] else {
            throw malformed(url, "expected {\"status\": \"success\", \"data\": {\"resultType\", \"result\"}}")
        }
        guard resultType == type else {
            throw malformed(url, "expected a \(type) result, got \(resultType)")
        }
        return result
    }

    private static func labelSet(_ value: Any?, url: String) throws -> Labels {
        guard let metric = value as? [String: Any] else {
            throw malformed(url, "an element has no \"metric\" object")
        }
        var labels: [String: String] = [:]
        for (name, raw) in metric {
            guard let text = raw as? String else { throw malformed(url, "label \(name) is not a string") }
            labels[name] = text
        }
        return Labels(labels)
    }

    /// `[unixSeconds, "value"]` → a sample with the time rounded to the millisecond.
    private static func sample(_ value: Any, url: String) throws -> Sample {
        guard let pair = value as? [Any], pair.count == 2,
              let seconds = (pair[0] as? NSNumber)?.doubleValue, seconds.isFinite,
              let text = pair[1] as? String else {
            throw malformed(url, "a sample is not [time, \"value\"]: \(value)")
        }
        guard let parsed = parseValue(text) else {
            throw malformed(url, "sample value \(PromQL.string(text)) is not a number")
        }
        // Prometheus prints times as seconds with at most three decimals; rounding undoes the binary error.
        guard let millis = Timestamp(exactly: (seconds * 1000).rounded()), abs(millis) <= maxSampleMilliseconds else {
            throw malformed(url, "sample time \(seconds) is out of range (more than 10,000 years from 1970)")
        }
        return Sample(millis, parsed)
    }

    /// Parses Prometheus's value text, including `NaN`, `+Inf` and `-Inf`.
    static func parseValue(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default: return Double(text)
        }
    }

    /// Sample times beyond ±10,000 years from the epoch are refused: no server writes them,
    /// and the window arithmetic on milliseconds must not overflow.
    static let maxSampleMilliseconds: Timestamp = 10_000 * 366 * 86_400_000

    private static func malformed(_ url: String, _ detail: String) -> LiveError {
        LiveError(url: url, kind: .malformedResponse(detail))
    }
}
