import VigilSyntax

/// What the checker knows statically about a value. `unknown` means "could be anything":
/// it never causes an error, so only mistakes that are certain get reported.
public indirect enum StaticType: Equatable, Sendable, CustomStringConvertible {
    /// A number, duration, money, bytes or timestamp; a nil dimension is a value read from
    /// data (a series or vector), whose unit is only known at run time.
    case quantity(Dimension?)
    case bool, string, regex, severity, none
    case list, record
    /// A function with `minArity...maxArity` positional parameters (nil max: variadic).
    case function(minArity: Int, maxArity: Int?)
    case series
    /// An engine handle: slo, budget, canary, service, deployment, incident, anomaly, receiver.
    case handle(ValueKind)
    case unknown

    public var description: String {
        switch self {
        case .quantity(let d): d.map { $0 == .number ? "a number" : UnitAlgebra.describe($0, nil) } ?? "a vector"
        case .bool: "a bool"
        case .string: "a string"
        case .regex: "a regex matcher"
        case .severity: "a severity"
        case .none: "none"
        case .list: "a list"
        case .record: "a record"
        case .function: "a function"
        case .series: "a series"
        case .handle(let k): "\(k == .anomaly || k == .incident ? "an" : "a") \(k.rawValue)"
        case .unknown: "a value"
        }
    }

    /// The known dimension of a quantity.
    public var dimension: Dimension? {
        if case .quantity(let d) = self { return d }
        return nil
    }

    /// True when the value certainly cannot be a condition (bool, or data that yields one).
    var certainlyNotBool: Bool {
        switch self {
        case .quantity(let d): d != nil
        case .string, .regex, .severity, .none, .list, .record, .function, .series: true
        case .bool, .handle, .unknown: false
        }
    }

    /// The static type of a builtin's declared result kind.
    init(_ kind: ValueKind) {
        switch kind {
        case .any: self = .unknown
        case .quantity: self = .quantity(nil)
        case .number, .percent: self = .quantity(.number)
        case .duration: self = .quantity(.duration)
        case .money: self = .quantity(.money)
        case .bytes: self = .quantity(.bytes)
        case .timestamp: self = .quantity(.timestamp)
        case .bool: self = .bool
        case .string: self = .string
        case .list: self = .list
        case .record: self = .record
        case .function: self = .function(minArity: 0, maxArity: nil)
        case .series: self = .series
        case .vector: self = .quantity(nil)
        case .severity: self = .severity
        case .none: self = .none
        case .slo, .budget, .canary, .service, .deployment, .incident, .anomaly, .receiver: self = .handle(kind)
        }
    }

    /// Whether a value of this type may be passed where `kind` is expected; unknowns always may.
    func fits(_ kind: ValueKind) -> Bool {
        switch (kind, self) {
        case (.any, _), (_, .unknown): return true
        case (.quantity, .quantity): return true
        case (.number, .quantity(let d)), (.percent, .quantity(let d)): return d == nil || d == .number
        case (.duration, .quantity(let d)): return d == nil || d == .duration
        case (.money, .quantity(let d)): return d == nil || d == .money
        case (.bytes, .quantity(let d)): return d == nil || d == .bytes
        case (.timestamp, .quantity(let d)): return d == nil || d == .timestamp
        case (.vector, .quantity(let d)): return d == nil || d == .number
        case (.vector, .series), (.series, .series): return true
        // A signal holding a computed vector stands where a series is expected (p95(latency, 1h)).
        case (.series, .quantity(nil)): return true
        case (.bool, .bool), (.string, .string), (.list, .list), (.record, .record), (.severity, .severity): return true
        case (.function, .function), (.none, .none): return true
        case (.record, .handle): return true
        case (let k, .handle(let h)): return k == h
        default: return false
        }
    }
}
