import VigilCheck
import VigilSyntax

/// The dimension and display style of a number, packed into one byte so a number value
/// stays a Double plus a tag and comparing units is one integer compare.
public struct Unit: Hashable, Sendable {
    let bits: UInt8

    public init(_ dimension: Dimension, _ style: QuantityStyle = .plain) {
        bits = dimension.rawValue << 4 | style.rawValue
    }

    public var dimension: Dimension { Dimension(rawValue: bits >> 4) ?? .number }
    public var style: QuantityStyle { QuantityStyle(rawValue: bits & 0xF) ?? .plain }

    @inline(__always) public static func == (a: Unit, b: Unit) -> Bool { a.bits == b.bits }

    public static let plain = Unit(.number)
    public static let duration = Unit(.duration)
    public static let money = Unit(.money)
    public static let timestamp = Unit(.timestamp)
}

/// A run-time value. Lists are Swift arrays (copy-on-write, and the language never mutates
/// one in place); records and functions are references so copying a value is cheap.
public enum Value {
    case number(Double, Unit)
    case bool(Bool)
    case string(String)
    case list([Value])
    case record(Record)
    case function(Function)
    case none
    /// The result of a signal with no samples: never true, contagious through arithmetic.
    case nodata
    /// A value of a layer above the core (series, vectors, handles); see `RuntimeObject`.
    case object(RuntimeObject)

    public static func number(_ v: Double) -> Value { .number(v, .plain) }

    public init(_ q: Quantity) { self = .number(q.value, Unit(q.dimension, q.style)) }

    /// The quantity of a number value.
    public var quantity: Quantity? {
        if case .number(let v, let u) = self { return Quantity(v, u.dimension, style: u.style) }
        return nil
    }

    /// The name `type(x)` returns and error messages use.
    public var typeName: String {
        switch self {
        case .number(_, let u): u.dimension.description
        case .bool: "bool"
        case .string: "string"
        case .list: "list"
        case .record: "record"
        case .function: "function"
        case .none: "none"
        case .nodata: "nodata"
        case .object(let o): o.typeName
        }
    }

    /// "a number (3)", "a string", used in type errors.
    public var described: String {
        switch self {
        case .number(_, let u): UnitAlgebra.describe(u.dimension, literal)
        case .bool: "a bool (\(literal))"
        case .string: "a string"
        case .list: "a list"
        case .record: "a record"
        case .function: "a function"
        case .none: "none"
        case .nodata: "nodata"
        case .object(let o): "a \(o.typeName) (\(o.display))"
        }
    }
}

/// A callable value: a compiled user function (with the frame it closes over) or a builtin.
public final class Function {
    public let name: String
    let user: UserFunction?
    let builtin: Builtin?
    /// The frame a lambda or nested function was created in; nil for top-level functions.
    let captured: Frame?

    init(user: UserFunction, captured: Frame?) {
        self.name = user.name
        self.user = user
        self.builtin = nil
        self.captured = captured
    }

    /// A frame kept from the previous call (from `map`, `filter`, `fold`) when the body
    /// creates no closure, so the next call need not allocate one. A call takes it out
    /// while it runs, so a nested activation allocates its own. It lives here, not on the
    /// `UserFunction`, because its parent is this instance's captured frame.
    @exclusivity(unchecked) var spareFrame: Frame?

    @inline(__always) func takeFrame(_ user: UserFunction) -> Frame {
        if let f = spareFrame {
            spareFrame = nil
            return f
        }
        return Frame.make(size: user.frameSize, parent: captured)
    }

    /// Gives a frame back after a call. Its slots are emptied first, so the spare frame
    /// keeps no value alive longer than a fresh frame would have.
    @inline(__always) func returnFrame(_ f: Frame, _ user: UserFunction) {
        guard user.framesReusable else { return }
        f.clear()
        spareFrame = f
    }

    init(builtin: Builtin) {
        self.name = builtin.name
        self.user = nil
        self.builtin = builtin
        self.captured = nil
    }
}

/// The compiled form of a `fn`: filled in after compilation so that top-level functions can
/// be referenced (and called) before the body that declares them has been compiled.
/// The mutable fields are written once, at compile time, and read on every call, so they
/// skip the dynamic exclusivity check.
final class UserFunction {
    let name: String
    let parameters: [String]
    let hasDefault: [Bool]
    /// Default value code per parameter, evaluated in the callee's frame at call time.
    @exclusivity(unchecked) var defaults: [Evaluator?] = []
    @exclusivity(unchecked) var frameSize = 0
    /// The compiled body. Set once, when the function is compiled; calls reach it through
    /// `run`, which does not retain it.
    var body: Evaluator {
        get { compiledBody.code }
        set {
            compiledBody = CompiledBody(newValue)
            bodyReference = Unmanaged.passUnretained(compiledBody)
        }
    }
    @exclusivity(unchecked) private var compiledBody: CompiledBody
    @exclusivity(unchecked) private var bodyReference: Unmanaged<CompiledBody>

    final class CompiledBody {
        let code: Evaluator
        init(_ code: @escaping Evaluator) { self.code = code }
    }

    /// Runs the body in `frame`. The body is owned by `compiledBody` and replaced only while
    /// compiling, never during a call, so borrowing it here is safe and saves a retain and a
    /// release per call.
    @inline(__always) func run(_ frame: Frame) throws -> Value {
        try bodyReference._withUnsafeGuaranteedRef { try $0.code(frame) }
    }
    /// Set when the body creates no closure, so no frame of this function outlives its call.
    @exclusivity(unchecked) var framesStayPrivate = false
    /// Set when the body creates no closure, for nested functions and lambdas as well: a
    /// `Function` may then reuse a frame across calls.
    @exclusivity(unchecked) var framesReusable = false
    /// A frame kept from the previous call of a top-level function and reused by the next.
    /// A call takes it out while it runs, so a nested activation allocates its own.
    @exclusivity(unchecked) var spareFrame: Frame?

    /// A frame for one call of a top-level function, reusing the spare one when possible.
    @inline(__always) func takeFrame() -> Frame {
        if let f = spareFrame {
            spareFrame = nil
            return f
        }
        return Frame.make(size: frameSize, parent: nil)
    }

    @inline(__always) func returnFrame(_ f: Frame) {
        if framesStayPrivate { spareFrame = f }
    }

    init(name: String, _ literal: FunctionLiteral) {
        self.name = name
        self.parameters = literal.params.map(\.name)
        self.hasDefault = literal.params.map { $0.defaultValue != nil }
        self.frameSize = literal.params.count
        let initial = CompiledBody { _ in .none }
        self.compiledBody = initial
        self.bodyReference = Unmanaged.passUnretained(initial)
    }
}
