import VigilRuntime
import VigilSyntax

/// What a rule's (or runbook's) settings add to the alerts its actions raise: `severity P1`,
/// `labels { team: "payments" }` as labels; `summary`, `description`, `runbook "URL"` (as
/// `runbook_url`) and `annotations { … }` as annotations. Evaluated when the actions run, so
/// an interpolated string (`"{service} is down"`) reads the values of that evaluation.
struct AlertDecoration: Sendable, Equatable {
    var labels: [String: String] = [:]
    var annotations: [String: String] = [:]

    /// The settings that feed an alert, and where each goes.
    static let labelSettings = ["severity"]
    static let annotationSettings = ["summary": "summary", "description": "description", "runbook": "runbook_url"]

    /// Whether a setting feeds the alert.
    static func decorates(_ key: String) -> Bool {
        labelSettings.contains(key) || annotationSettings[key] != nil || key == "labels" || key == "annotations"
    }

    /// Reads the settings that decorate an alert; other settings are ignored. `evaluate` runs
    /// a setting's expression (given with its key) in the owner's environment.
    static func read(_ settings: [Setting], file: SourceFile, evaluate: (String, Expr) throws -> Value) throws -> AlertDecoration {
        var out = AlertDecoration()
        for setting in settings where decorates(setting.key) {
            guard let expr = setting.values.first else { continue }
            let value = try evaluate(setting.key, expr)
            if labelSettings.contains(setting.key) {
                out.labels[setting.key] = text(value)
            } else if let name = annotationSettings[setting.key] {
                out.annotations[name] = text(value)
            } else {
                let pairs = try record(value, setting.key, file: file, range: expr.range)
                for (key, value) in pairs {
                    if setting.key == "labels" { out.labels[key] = value } else { out.annotations[key] = value }
                }
            }
        }
        return out
    }

    /// A `labels`/`annotations` value: a record of strings (numbers and severities as written;
    /// a missing value has no text, so it is an error rather than an empty label).
    private static func record(_ value: Value, _ key: String, file: SourceFile, range: SourceRange) throws -> [(String, String)] {
        guard case .record(let r) = value else {
            throw RuntimeError("`\(key)` needs a record such as { team: \"payments\" }, found \(value.described)",
                               file: file, range: range)
        }
        return try zip(r.shape.keys, r.values).map { name, value in
            switch value {
            case .list, .record, .function, .none, .nodata:
                throw RuntimeError("`\(key)`: `\(name)` needs a string, found \(value.described)",
                                   hint: "alert \(key) are text, e.g. \(name): \"…\"", file: file, range: range)
            default: return (name, text(value))
            }
        }
    }

    private static func text(_ value: Value) -> String {
        if case .string(let s) = value { return s }
        return value.literal
    }
}
