import VigilSyntax

/// A function implemented in Swift. Arguments arrive bound to `parameters` by position or
/// label; an optional parameter the caller left out arrives as `.none`.
public struct Builtin {
    public typealias Implementation = ([Value], BuiltinCall) throws -> Value

    public let name: String
    public let parameters: [String]
    /// How many leading parameters must be given.
    public let required: Int
    /// Takes any number of positional arguments (and no labels), e.g. `print`.
    public let variadic: Bool
    /// Collects named arguments that match no parameter into a record passed as one more,
    /// final argument: `series("x", code: ~"5..")` receives `{code: ~"5.."}`.
    public let extraLabels: Bool
    let run: Implementation

    public init(_ name: String, _ parameters: [String], required: Int? = nil, variadic: Bool = false,
                extraLabels: Bool = false, _ run: @escaping Implementation) {
        self.name = name
        self.parameters = parameters
        self.required = required ?? parameters.count
        self.variadic = variadic
        self.extraLabels = extraLabels
        self.run = run
    }

    /// Runs the implementation on arguments already bound to `parameters`: how a layer
    /// that overloads a core builtin (`sum` of a list vs of a series) hands a list back to
    /// the core behaviour instead of duplicating it.
    public func invoke(_ args: [Value], _ call: BuiltinCall) throws -> Value { try run(args, call) }

    /// Splits named arguments into those naming a parameter and the extra ones.
    func splitLabels<T>(_ labeled: [(String, T)]) -> (known: [(String, T)], extra: [(String, T)]) {
        guard extraLabels else { return (labeled, []) }
        return (labeled.filter { parameters.contains($0.0) }, labeled.filter { !parameters.contains($0.0) })
    }

    /// Places each argument at its parameter's position; shared by compile-time binding
    /// (with code) and run-time binding (with values).
    func arrange<T>(positional: [T], labeled: [(String, T)], _ site: Site) throws -> [T?] {
        if variadic {
            if let (label, _) = labeled.first { throw site.error("`\(name)` takes no argument named `\(label)`") }
            return positional.map { $0 }
        }
        if positional.count > parameters.count {
            throw site.error("`\(name)` takes at most \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), got \(positional.count)")
        }
        var slots = [T?](repeating: nil, count: parameters.count)
        for (i, v) in positional.enumerated() { slots[i] = v }
        for (label, v) in labeled {
            guard let i = parameters.firstIndex(of: label) else {
                throw site.error("`\(name)` has no parameter `\(label)`", hint: Spelling.hint(for: label, in: parameters))
            }
            if slots[i] != nil { throw site.error("argument `\(label)` of `\(name)` is given twice") }
            slots[i] = v
        }
        for i in 0..<required where slots[i] == nil {
            throw site.error("missing argument `\(parameters[i])` in the call to `\(name)`")
        }
        return slots
    }

    /// Why a call with `positional` positional arguments and these labels cannot bind, or
    /// nil: lets a test hold the binding against the builtin table without running anything.
    public func bindingProblem(positional: Int, labels: [String]) -> String? {
        let site = Site(file: SourceFile(path: "<binding>", text: ""), range: SourceRange(0, 0))
        do {
            _ = try bind(positional: Array(repeating: .none, count: positional), labeled: labels.map { ($0, .none) }, site)
            return nil
        } catch let e as RuntimeError {
            return e.message
        } catch {
            return "\(error)"
        }
    }

    func bind(positional: [Value], labeled: [(String, Value)], _ site: Site) throws -> [Value] {
        let (known, extra) = splitLabels(labeled)
        var args = try arrange(positional: positional, labeled: known, site).map { $0 ?? .none }
        if extraLabels { args.append(.record(Record(extra))) }
        return args
    }
}
