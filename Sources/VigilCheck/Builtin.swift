/// The kinds of value a builtin parameter accepts or a builtin returns, as `vigil doc` names them.
public enum ValueKind: String, Sendable, CaseIterable {
    case any, quantity, number, percent, duration, money, bytes, timestamp
    case bool, string, list, record, function, series, vector, severity, none
    case slo, budget, canary, service, deployment, incident, anomaly, receiver
}

/// Which part of the language a builtin belongs to; `vigil doc` groups by it.
public enum BuiltinCategory: String, Sendable, CaseIterable {
    case core, series, rules, canary, slo, cost, anomaly, incident, runbook, action
}

public struct BuiltinParameter: Sendable {
    public var name: String
    public var accepts: [ValueKind]
    public var required: Bool
    /// Named-only parameters must be written `name: value`.
    public var namedOnly: Bool
}

/// What a builtin returns: a fixed kind, or whatever its n-th argument (from 0) is.
public enum BuiltinResult: Sendable {
    case kind(ValueKind)
    case sameAsArgument(Int)
}

/// One entry of the builtin catalog. Overloads (`min(xs)`, `min(a, b)`, `min(s, w)`) are
/// separate entries with the same name.
public struct Builtin: Sendable {
    public var name: String
    public var parameters: [BuiltinParameter]
    /// The last positional parameter repeats (`print(a, b, c)`).
    public var variadic: Bool
    /// Any extra named argument is accepted (label matchers of `series`).
    public var acceptsAnyNamed: Bool
    public var result: BuiltinResult
    public var doc: String
    /// A short call that runs as written (series named as in the README: http_requests_total,
    /// latency_seconds; a canary and service "checkout"):
    /// `join(["a", "b"], ", ")`. `vigil doc NAME` shows it; a test runs every one.
    public var example: String
    public var category: BuiltinCategory
    public var feature: Feature
    /// It changes the world (delivers, asks, prints), so pure contexts may not call it.
    public var hasEffect: Bool
    /// A function over a selection (or a global handle, such as an SLO's name) and a window
    /// whose call `F(series("m", label: …), 5m)`, compared with a literal, the compiler may
    /// evaluate as one kernel the implementing layer provides (`Builtin.kernel` in the
    /// runtime): the commonest alerting condition, and `burn_rate(slo, 1h) > 14.4x`.
    public var comparisonKernel = false

    public var positional: [BuiltinParameter] { parameters.filter { !$0.namedOnly } }
    public var minPositional: Int { positional.filter(\.required).count }
    public var maxPositional: Int? { variadic ? nil : positional.count }

    /// An action whose parameters may all be left out, so `then rollback` can name it bare.
    public var isBareAction: Bool { category == .action && hasEffect && parameters.allSatisfy { !$0.required } }

    /// `rate(s: series, w: duration) -> vector`; named-only parameters follow a `;`,
    /// optional ones end in `?`, a repeating one (zero or more) in `...`.
    public var signature: String {
        func show(_ p: BuiltinParameter, last: Bool) -> String {
            let kinds = p.accepts.map(\.rawValue).joined(separator: "|")
            // A repeating parameter takes zero or more values, so `...` alone says it.
            let repeats = variadic && last && !p.namedOnly
            return "\(p.name): \(kinds)\(p.required || repeats ? "" : "?")\(repeats ? "..." : "")"
        }
        let pos = positional
        var text = pos.enumerated().map { show($0.element, last: $0.offset == pos.count - 1) }.joined(separator: ", ")
        let named = parameters.filter(\.namedOnly).map { show($0, last: false) }
        if acceptsAnyNamed { text += (text.isEmpty ? "" : "; ") + "label: string|regex..." }
        if !named.isEmpty { text += (text.isEmpty ? "; " : "; ") + named.joined(separator: ", ") }
        let result: String
        switch self.result {
        case .kind(let k): result = k.rawValue
        case .sameAsArgument(let i): result = "same as \(pos.indices.contains(i) ? pos[i].name : "argument \(i + 1)")"
        }
        return "\(name)(\(text)) -> \(result)"
    }
}

// MARK: the vocabulary the catalog files (and the engine bindings' tables) are written in

public func param(_ name: String, _ kinds: ValueKind...) -> BuiltinParameter {
    BuiltinParameter(name: name, accepts: kinds, required: true, namedOnly: false)
}

public func optional(_ name: String, _ kinds: ValueKind...) -> BuiltinParameter {
    BuiltinParameter(name: name, accepts: kinds, required: false, namedOnly: false)
}

public func named(_ name: String, _ kinds: ValueKind..., required: Bool = false) -> BuiltinParameter {
    BuiltinParameter(name: name, accepts: kinds, required: required, namedOnly: true)
}

public func builtin(_ name: String, _ params: [BuiltinParameter], _ result: BuiltinResult, _ category: BuiltinCategory,
             _ feature: Feature, _ doc: String, variadic: Bool = false, anyNamed: Bool = false,
             effect: Bool = false, example: String = "") -> Builtin {
    Builtin(name: name, parameters: params, variadic: variadic, acceptsAnyNamed: anyNamed, result: result, doc: doc,
            example: example, category: category, feature: feature, hasEffect: effect)
}
