import Foundation
import VigilSeries

/// The HTTP requests the actions layer sends, built from journaled actions.
enum DeliveryRequests {
    /// How long Alertmanager keeps a firing alert without hearing from us again: four resend
    /// periods, as Prometheus sets `endsAt` (notifier: 4 × max(resend delay, interval)).
    static let firingValidity: Milliseconds = 4 * ActionsLayer.resendDelay

    /// `/api/v2/alerts` under an Alertmanager's base URL (a path prefix is kept).
    static func alertsURL(_ base: String) -> String {
        var text = base
        while text.hasSuffix("/") { text.removeLast() }
        return text + "/api/v2/alerts"
    }

    /// The body of one POST to `/api/v2/alerts`: each action as an alert in Alertmanager's v2
    /// form. A firing alert ends 4 resend periods after `now` unless re-sent; a resolution
    /// (`resolves`) ends it at its own time.
    static func alertsBody(_ actions: [Action], now: Timestamp) -> Data {
        var json = JSONText(capacity: actions.count * 512)
        json.raw("[")
        for (index, action) in actions.enumerated() {
            if index > 0 { json.raw(",") }
            json.raw("{\"annotations\":")
            json.object(action.annotations.filter { $0.key != "source" })
            json.raw(",\"endsAt\":")
            json.string(rfc3339(action.resolves ? action.time : now + firingValidity))
            if let url = generatorURL(action) {
                json.raw(",\"generatorURL\":")
                json.string(url)
            }
            json.raw(",\"labels\":")
            json.object(action.labels)
            json.raw(",\"startsAt\":")
            json.string(rfc3339(action.time))
            json.raw("}")
        }
        json.raw("]")
        return json.data
    }

    /// A webhook's body: the script's JSON body, or the action itself.
    static func webhookBody(_ action: Action) throws -> Data {
        if let body = action.body { return Data(body.utf8) }
        let object: [String: Any] = [
            "action": action.kind, "target": action.target, "call": action.call, "labels": action.labels,
            "annotations": action.annotations, "observed": action.observed,
            "origin": ["kind": action.origin.kind.rawValue, "name": action.origin.name, "trigger": action.origin.trigger],
            "time": rfc3339(action.time), "idempotency_key": action.key.text,
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    static func webhookHeaders(_ action: Action) -> [(String, String)] {
        [("Content-Type", "application/json"), ("Idempotency-Key", action.key.headerValue)]
    }

    /// Where the alert came from: the rule in its file, when the action names one.
    private static func generatorURL(_ action: Action) -> String? {
        guard let file = action.annotations["source"] else { return nil }
        var components = URLComponents()
        components.scheme = "file"
        components.path = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        components.fragment = "\(action.origin.kind.rawValue)=\(action.origin.name)"
        return components.url?.absoluteString
    }

    /// Made once: building a formatter costs more than formatting (bench-actions spent most
    /// of its time here when each alert made two).
    nonisolated(unsafe) private static let formatter: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()

    static func rfc3339(_ ms: Timestamp) -> String {
        formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }
}
