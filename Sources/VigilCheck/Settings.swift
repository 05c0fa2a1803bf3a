import VigilSyntax

/// The kind of value a `key value` setting takes, and the checks of it. Settings that name
/// things (`service checkout`, `alert multiwindow`) are words, not expressions, and are not
/// resolved as variables. Blocks declare their settings in `BlockSchema`.
public enum SettingType: Sendable {
    case duration, percent, percents, string, severity, money, number, timestamp
    /// A non-empty list of strings: a command's argument vector (`read: ["kubectl", "get", …]`).
    case strings
    /// A bare word, optionally from a fixed list.
    case word([String]?)
    /// Any expression, checked like code (`judge mann_whitney(…)`, `labels {…}`).
    case expression
    /// A simulated fault such as `error_rate(5%, at: 2m)`; may repeat.
    case fault
    /// One of the call-shaped patterns an engine reads, not a call (`traffic haproxy(…)`):
    /// its name picks the pattern, its arguments are constants of the declared kinds.
    case pattern([SettingPattern])
    /// `[daily|weekly] @from to @to`: a period, once or recurring; may repeat.
    case period
}

extension SettingDeclaration {
    /// Whether the setting may be written more than once (each occurrence is one more value).
    var mayRepeat: Bool {
        switch type {
        case .fault, .period: true
        default: false
        }
    }

    /// Whether one occurrence takes several values (`steps 10%, 50%`, `exclude @a to @b`).
    var takesSeveralValues: Bool {
        switch type {
        case .percents, .period: true
        default: false
        }
    }
}

enum SettingsSchema {
    static let rule: [SettingDeclaration] = [
        .init("severity", .severity, doc: "How bad it is when the rule fires."),
        .init("runbook", .string, doc: "The runbook to follow."),
        .init("summary", .string, doc: "One line for the alert."),
        .init("description", .string, doc: "More about the alert."),
        .init("labels", .expression, doc: "Labels added to the alert."),
        .init("annotations", .expression, doc: "Annotations added to the alert."),
        .init("receiver", .string, doc: "Who is notified."),
    ]
}

extension CheckPass {
    /// Checks the settings of a block or rule: known keys, set once, values of the right kind.
    func checkSettings(_ settings: [Setting], schema declarations: [SettingDeclaration], owner: String) {
        let schema = Dictionary(declarations.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: [String: SourceRange] = [:]
        for setting in settings {
            guard let declaration = schema[setting.key] else {
                let known = schema.keys.sorted()
                error("unknown setting `\(setting.key)` in \(owner)", setting.keyRange,
                      hint: Spelling.hint(for: setting.key, in: known)
                          ?? (known.isEmpty ? "\(owner) takes no settings" : "\(owner) accepts: \(known.joined(separator: ", "))"))
                setting.values.forEach { infer($0) }
                continue
            }
            if let first = seen[setting.key], !declaration.mayRepeat {
                error("`\(setting.key)` is already set", setting.keyRange, hint: firstDefinitionNote(first))
            }
            seen[setting.key] = setting.keyRange
            if declaration.takesSeveralValues {} else if setting.values.count > 1 {
                error("`\(setting.key)` takes one value, found \(setting.values.count)", setting.values[1].range)
            }
            for value in setting.values { checkSettingValue(declaration, value) }
        }
    }

    func checkSettingValue(_ declaration: SettingDeclaration, _ value: Expr) {
        let key = declaration.key
        switch declaration.type {
        case .duration: checkQuantity(value, .duration, for: key, example: "10m")
        case .money: checkQuantity(value, .money, for: key, example: "$1800")
        case .timestamp: checkQuantity(value, .timestamp, for: key, example: "@2025-01-15T00:00:00Z")
        case .number: checkQuantity(value, .number, for: key, example: "42")
        case .percent, .percents: checkPercent(value, key)
        case .string:
            let t = infer(value)
            if t != .string, t != .unknown {
                error("`\(key)` needs a string such as \(declaration.example ?? "\"v1.4.2\""), found \(describe(t, value))", value.range)
            }
        case .strings:
            guard case .list(let items) = value.kind, !items.isEmpty else {
                error("`\(key)` needs a list of strings such as \(declaration.example ?? "[\"kubectl\", \"get\"]"), found `\(text(value))`",
                      value.range)
                return
            }
            for item in items {
                let t = infer(item)
                if t != .string, t != .unknown { error("`\(key)` needs strings, found \(describe(t, item))", item.range) }
            }
        case .severity:
            let t = infer(value)
            if t != .severity, t != .unknown {
                error("`\(key)` needs a severity: P1, P2, P3 or P4, found \(describe(t, value))", value.range,
                      hint: "P1 service down, P2 major feature degraded, P3 minor, P4 cosmetic")
            }
        case .word(let allowed):
            guard case .name(let word) = value.kind else {
                error("`\(key)` needs a name\(allowed.map { ": " + $0.joined(separator: " or ") } ?? ""), found `\(text(value))`", value.range)
                return
            }
            if let allowed, !allowed.contains(word) {
                error("unknown `\(key)` `\(word)`", value.range, expected: allowed.map { "`\($0)`" }.joined(separator: " or "),
                      hint: Spelling.hint(for: word, in: allowed))
            }
        case .expression:
            infer(value)
            if key == "labels" || key == "annotations" { checkAlertRecord(value, key) }
        case .fault:
            checkFault(value)
        case .pattern(let patterns):
            checkPattern(value, patterns, for: key)
        case .period:
            if case .name(let word) = value.kind, ["daily", "weekly"].contains(word) { return }
            checkQuantity(value, .timestamp, for: key, example: "@2026-01-10T02:00:00Z")
        }
    }

    /// `labels { team: "payments" }`: a record whose fields become the alert's text labels or
    /// annotations. `alertname` is the rule's name and cannot be replaced.
    func checkAlertRecord(_ value: Expr, _ key: String) {
        guard case .record(let fields) = value.kind else {
            error("`\(key)` needs a record such as { team: \"payments\" }, found `\(text(value))`", value.range,
                  hint: "write \(key) { name: \"value\", … }")
            return
        }
        for field in fields {
            if key == "labels", field.key == "alertname" || field.key.hasPrefix("__") {
                error("`\(field.key)` cannot be set in labels", field.keyRange,
                      hint: field.key == "alertname" ? "an alert's `alertname` is its rule's name" : "labels starting with __ are reserved")
            }
            let t = infer(field.value)
            var isText: Bool {
                switch t {
                case .list, .record, .function, .series, .handle, .none, .regex: false
                default: true
                }
            }
            if !isText {
                error("`\(key)`: `\(field.key)` needs a string, found \(describe(t, field.value))", field.value.range)
            }
        }
    }

    /// A share written as a percent; a bare number such as `99.9` is almost certainly a percent missing its sign.
    func checkPercent(_ value: Expr, _ key: String) {
        if case .quantity(let q) = value.kind {
            guard q.dimension != .number || q.style != .percent else { return }
            let shown = q.dimension == .number ? QuantityFormat.number(q.value) : q.description
            error("`\(key)` needs a percent such as 99.9%, found `\(shown)`", value.range,
                  hint: q.dimension == .number ? "write \(shown)%" : nil)
            return
        }
        let t = infer(value)
        if !t.fits(.percent) {
            error("`\(key)` needs a percent such as 99.9%, found \(describe(t, value))", value.range)
        }
    }
}
