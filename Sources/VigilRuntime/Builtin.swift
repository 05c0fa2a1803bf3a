import VigilCheck
import VigilSyntax

/// A function implemented in Swift, bound by its declaration in the builtin table (the
/// core's in VigilCheck's `LanguageSurface.core`, an engine's in its binding): the table gives its name, parameter labels, overloads and
/// which are required, so a call the checker accepts binds here the same way. Arguments
/// arrive in the declaration's slots (`BuiltinBinding.slots`); one the caller left out
/// arrives as `.none`.
public struct Builtin {
    public typealias Implementation = ([Value], BuiltinCall) throws -> Value

    public let name: String
    public let binding: BuiltinBinding
    private(set) var run: Implementation
    /// One implementation per overload of the binding, in table order, for a builtin whose
    /// overloads do different things (`sum` of a list, of a series over a window, across a
    /// vector); nil for one whose `run` serves all its overloads.
    private let byOverload: [Implementation]?
    /// How the compiler evaluates a comparison of a call to this builtin as one kernel, for
    /// a builtin the table marks `comparisonKernel` (see `KernelRequest`); nil: never.
    public var kernel: KernelFactory?

    /// The implementation of the core builtin `name` (of its overloads of `features` only,
    /// when given: the core `sum` of a list before the series layer adds the rest).
    /// Registering a builtin the table does not declare is a programming error, so it
    /// stops every session (and every test) at once.
    public init(_ name: String, features: Set<Feature>? = nil, _ run: @escaping Implementation) {
        guard let binding = BuiltinBinding(name: name, features: features) else {
            preconditionFailure("builtin `\(name)` is not declared in the core builtin table (Sources/VigilCheck/Builtins*.swift)")
        }
        self.init(binding, run)
    }

    /// The implementation of the builtin these overloads declare: how an engine binding
    /// registers its own builtins, declared next to it rather than in the core table.
    public init(_ binding: BuiltinBinding, _ run: @escaping Implementation) {
        self.name = binding.name
        self.binding = binding
        self.run = run
        byOverload = nil
    }

    /// The implementation of each overload of the core builtin `name`, in table order. A call
    /// the checker resolved to one overload runs its implementation directly; any other
    /// chooses at run time among those left open, by the rule the checker checks with.
    public init(_ name: String, overloads: [Implementation]) {
        guard let binding = BuiltinBinding(name: name) else {
            preconditionFailure("builtin `\(name)` is not declared in the core builtin table (Sources/VigilCheck/Builtins*.swift)")
        }
        precondition(overloads.count == binding.overloads.count && !binding.variadic && !binding.acceptsAnyNamed,
                     "builtin `\(name)` needs one implementation per overload, of fixed arguments")
        self.name = name
        self.binding = binding
        byOverload = overloads
        run = Self.choosing(among: Array(binding.overloads.indices), binding, overloads)
    }

    /// This builtin as called where the checker left the overloads `open` (signatures, see
    /// `Resolution.builtin`): the one overload's implementation when one is left, a choice
    /// among only those when several are, itself when all are or it has no per-overload code.
    func narrowed(to open: [String]?) -> Builtin {
        guard let open, let byOverload else { return self }
        let indices = binding.overloads(named: open)
        guard !indices.isEmpty, indices.count < byOverload.count else { return self }
        var narrowed = self
        narrowed.run = indices.count == 1 ? byOverload[indices[0]] : Self.choosing(among: indices, binding, byOverload)
        return narrowed
    }

    /// Runs the first of the `open` overloads whose parameters the argument values fit
    /// (`BuiltinBinding.admits`, the checker's rule); when none does, says why the first
    /// does not, as the checker would have.
    private static func choosing(among open: [Int], _ binding: BuiltinBinding, _ runs: [Implementation]) -> Implementation {
        return { args, call in
            for i in open where binding.admits(i, type: { args[$0].argumentType }) { return try runs[i](args, call) }
            // None takes them, so the first (the one the checker reports) has a problem to say.
            throw call.error(binding.problem(of: open[0], type: { args[$0].argumentType }, found: { args[$0].described })!)
        }
    }

    /// A core builtin: only the overloads of the language core (the list `sum`, `min(a, b)`).
    init(core name: String, _ run: @escaping Implementation) { self.init(name, features: [.core], run) }

    /// The slot names an implementation receives, positions first.
    public var parameters: [String] { binding.slots }
    /// Takes any number of positional arguments, e.g. `print`.
    public var variadic: Bool { binding.variadic }
    /// Collects named arguments that match no parameter into a record passed as one more,
    /// final argument: `series("x", code: ~"5..")` receives `{code: ~"5.."}`.
    public var extraLabels: Bool { binding.acceptsAnyNamed }

    /// Runs the implementation on arguments already bound to `parameters`: how a layer
    /// that overloads a core builtin (`sum` of a list vs of a series) hands a list back to
    /// the core behaviour instead of duplicating it.
    public func invoke(_ args: [Value], _ call: BuiltinCall) throws -> Value { try run(args, call) }

    /// Places each argument in its slot, and collects the extra labels; shared by
    /// compile-time binding (with code) and run-time binding (with values).
    func arrange<T>(positional: [T], labeled: [(String, T)], _ site: Site) throws -> (slots: [T?], extra: [(String, T)]) {
        switch binding.arrange(positional: positional.count, labels: labeled.map(\.0)) {
        case .failure(let problem):
            throw site.error(problem.message, hint: problem.hint)
        case .success(let places):
            if variadic { return (positional.map { $0 }, []) }
            var slots = [T?](repeating: nil, count: binding.slots.count), extra: [(String, T)] = []
            for (value, place) in zip(positional, places) { slots[place!] = value }
            for (n, (label, value)) in labeled.enumerated() {
                if let place = places[positional.count + n] { slots[place] = value } else { extra.append((label, value)) }
            }
            return (slots, extra)
        }
    }

    /// Why a call with `positional` positional arguments and these labels cannot bind, or
    /// nil: lets a test hold the binding against the builtin table without running anything.
    public func bindingProblem(positional: Int, labels: [String]) -> String? {
        if case .failure(let problem) = binding.arrange(positional: positional, labels: labels) { return problem.message }
        return nil
    }

    func bind(positional: [Value], labeled: [(String, Value)], _ site: Site) throws -> [Value] {
        if labeled.isEmpty, binding.bareArities.contains(positional.count), !extraLabels {
            return positional + [Value](repeating: .none, count: binding.slots.count - positional.count)
        }
        let (slots, extra) = try arrange(positional: positional, labeled: labeled, site)
        var args = slots.map { $0 ?? .none }
        if extraLabels { args.append(.record(Record(extra))) }
        return args
    }
}

extension Value {
    /// The type the checker would give this value, for choosing an overload by the
    /// checker's rule; nil for `none`, which stands for an argument left out.
    var argumentType: StaticType? {
        switch self {
        case .number(_, let unit): .quantity(unit.dimension)
        case .bool: .bool
        case .string: .string
        case .list: .list
        case .record: .record
        case .function: .function(minArity: 0, maxArity: nil)
        case .none: nil
        case .nodata: .unknown
        case .object(let o): o.argumentType
        }
    }
}
