import VigilSyntax

/// A call-shaped setting value that an engine reads rather than calls, such as a canary's
/// `traffic haproxy("127.0.0.1:9999", backend: "checkout")`. The engine binding declares
/// its patterns in its block schema; the checker checks the name, each argument's label and
/// kind, and that the required ones are there, so a mistyped target is refused with a caret
/// before anything runs.
public struct SettingPattern: Sendable {
    public struct Argument: Sendable {
        public let name: String
        /// Written `name: value`; otherwise positional, in declaration order.
        public let isLabeled: Bool
        public let type: SettingType
        public let required: Bool
        /// Positional and last: takes every further value (`exec("kubectl", "argo", …)`).
        public let repeats: Bool
        /// A value as written, for messages: `"127.0.0.1:9999"`.
        public let example: String

        public static func positional(_ name: String, _ type: SettingType, example: String) -> Argument {
            Argument(name: name, isLabeled: false, type: type, required: true, repeats: false, example: example)
        }

        /// Zero or more values after the positional ones.
        public static func rest(_ name: String, _ type: SettingType, example: String) -> Argument {
            Argument(name: name, isLabeled: false, type: type, required: false, repeats: true, example: example)
        }

        public static func labeled(_ name: String, _ type: SettingType, required: Bool = false, example: String) -> Argument {
            Argument(name: name, isLabeled: true, type: type, required: required, repeats: false, example: example)
        }
    }

    public let name: String
    public let arguments: [Argument]
    /// The whole pattern as written, for hints: `haproxy("127.0.0.1:9999", backend: "checkout")`.
    public let example: String

    public init(_ name: String, _ arguments: [Argument], example: String) {
        self.name = name
        self.arguments = arguments
        self.example = example
    }
}

extension CheckPass {
    func checkPattern(_ e: Expr, _ patterns: [SettingPattern], for key: String) {
        let names = patterns.map(\.name)
        guard case .call(let callee, let args) = e.kind, case .name(let name) = callee.kind,
              let pattern = patterns.first(where: { $0.name == name }) else {
            let written: String = { if case .call(let c, _) = e.kind, case .name(let n) = c.kind { return n }; return "" }()
            error("`\(key)` needs \(names.map { "\($0)(…)" }.joined(separator: " or ")), found `\(text(e))`", e.range,
                  hint: Spelling.hint(for: written, in: names) ?? "e.g. `\(key) \(patterns.first?.example ?? "")`")
            return
        }
        let positional = pattern.arguments.filter { !$0.isLabeled }
        let labels = pattern.arguments.filter(\.isLabeled).map(\.name)
        var position = 0
        var given: Set<String> = []
        for arg in args {
            let declared: SettingPattern.Argument
            if let label = arg.label {
                guard let found = pattern.arguments.first(where: { $0.isLabeled && $0.name == label }) else {
                    error("`\(name)` takes no `\(label):`", arg.labelRange ?? arg.value.range,
                          hint: Spelling.hint(for: label, in: labels) ?? "it takes \(labels.map { "`\($0):`" }.joined(separator: ", "))")
                    continue
                }
                guard given.insert(label).inserted else {
                    error("`\(label):` is given twice", arg.labelRange ?? arg.value.range)
                    continue
                }
                declared = found
            } else if position >= positional.count, let rest = positional.last, rest.repeats {
                declared = rest
            } else {
                guard position < positional.count else {
                    error("`\(name)` takes \(positional.count) value\(positional.count == 1 ? "" : "s") before its named arguments",
                          arg.value.range, hint: "e.g. `\(pattern.example)`")
                    continue
                }
                declared = positional[position]
                position += 1
                given.insert(declared.name)
            }
            checkSettingValue(SettingDeclaration(declared.name, declared.type, doc: "", example: declared.example), arg.value)
        }
        for missing in pattern.arguments where missing.required && !given.contains(missing.name) {
            let shown = missing.isLabeled ? "`\(missing.name):`" : "its \(missing.name)"
            error("`\(name)` needs \(shown), e.g. `\(pattern.example)`", e.range)
        }
    }
}
