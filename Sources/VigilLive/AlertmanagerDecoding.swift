import Foundation
import VigilSeries

/// Decodes Alertmanager v2 answers into Vigil's types, with errors naming the URL.
enum AlertmanagerDecoding {
    static func alerts(_ body: Data, url: String) throws -> [ReceivedAlert] {
        guard let items = try? JSONSerialization.jsonObject(with: body) as? [[String: Any]] else {
            throw malformed(url, "expected a JSON list of alerts")
        }
        return try items.map { item in
            let labels = Labels(try strings(item["labels"], field: "labels", url: url))
            let annotations = try strings(item["annotations"] ?? [String: Any](), field: "annotations", url: url)
            let status = item["status"] as? [String: Any] ?? [:]
            guard let stateText = status["state"] as? String, let state = AlertState(rawValue: stateText) else {
                throw malformed(url, "alert \(labels) has no known status.state")
            }
            guard let fingerprint = item["fingerprint"] as? String else {
                throw malformed(url, "alert \(labels) has no fingerprint")
            }
            let alert = Alert(
                labels: labels, annotations: annotations,
                startsAt: try time(item["startsAt"], field: "startsAt", url: url),
                endsAt: try time(item["endsAt"], field: "endsAt", url: url),
                generatorURL: item["generatorURL"] as? String)
            let receivers = (item["receivers"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            return ReceivedAlert(
                alert: alert, fingerprint: fingerprint, state: state,
                silencedBy: status["silencedBy"] as? [String] ?? [],
                inhibitedBy: status["inhibitedBy"] as? [String] ?? [],
                receivers: receivers)
        }.sorted { $0.alert.labels < $1.alert.labels }
    }

    static func silenceID(_ body: Data, url: String) throws -> String {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let id = object["silenceID"] as? String, !id.isEmpty else {
            throw malformed(url, "expected {\"silenceID\": …}")
        }
        return id
    }

    static func silences(_ body: Data, url: String) throws -> [ReceivedSilence] {
        guard let items = try? JSONSerialization.jsonObject(with: body) as? [[String: Any]] else {
            throw malformed(url, "expected a JSON list of silences")
        }
        return try items.map { item in
            guard let id = item["id"] as? String,
                  let state = (item["status"] as? [String: Any])?["state"] as? String,
                  let rawMatchers = item["matchers"] as? [[String: Any]],
                  let startsAt = try time(item["startsAt"], field: "startsAt", url: url),
                  let endsAt = try time(item["endsAt"], field: "endsAt", url: url) else {
                throw malformed(url, "a silence lacks id, status.state, matchers, startsAt or endsAt")
            }
            let matchers = try rawMatchers.map { raw -> SilenceMatcher in
                guard let name = raw["name"] as? String, let value = raw["value"] as? String,
                      let isRegex = raw["isRegex"] as? Bool else {
                    throw malformed(url, "silence \(id) has a matcher without name, value or isRegex")
                }
                // isEqual arrived in Alertmanager 0.22; older servers mean "equal" when it is absent.
                return SilenceMatcher(name: name, value: value, isRegex: isRegex, isEqual: raw["isEqual"] as? Bool ?? true)
            }
            let silence = Silence(
                matchers: matchers, startsAt: startsAt, endsAt: endsAt,
                createdBy: item["createdBy"] as? String ?? "", comment: item["comment"] as? String ?? "")
            return ReceivedSilence(id: id, state: state, silence: silence)
        }
    }

    private static func strings(_ value: Any?, field: String, url: String) throws -> [String: String] {
        guard let object = value as? [String: Any] else { throw malformed(url, "\"\(field)\" is not an object") }
        var result: [String: String] = [:]
        for (key, raw) in object {
            guard let text = raw as? String else { throw malformed(url, "\(field).\(key) is not a string") }
            result[key] = text
        }
        return result
    }

    private static func time(_ value: Any?, field: String, url: String) throws -> Timestamp? {
        guard let text = value as? String else { return nil }
        guard let parsed = RFC3339.parse(text) else {
            throw malformed(url, "\(field) \(PromQL.string(text)) is not an RFC 3339 time")
        }
        return parsed
    }

    private static func malformed(_ url: String, _ detail: String) -> LiveError {
        LiveError(url: url, kind: .malformedResponse(detail))
    }
}
