import VigilSyntax

/// How a call's arguments bind to the overloads of one builtin. The checker refuses the
/// calls this refuses, and the runtime binds by it, so a call one accepts the other binds
/// the same way, with the same message when it cannot.
public struct BuiltinBinding: Sendable {
    public let name: String
    /// The overloads the binding implements, in table order.
    public let overloads: [Builtin]
    /// The argument slots an implementation receives: position i of every overload is slot
    /// i, then one slot per named-only parameter. Each is named by its first overload.
    public let slots: [String]
    public var variadic: Bool { overloads.contains(where: \.variadic) }
    /// Named arguments that match no parameter are collected (label matchers of `series`).
    public var acceptsAnyNamed: Bool { overloads.contains(where: \.acceptsAnyNamed) }
    /// How many slots are positions; the named-only ones follow.
    public let positionalSlots: Int
    /// The counts of positional arguments some overload takes with no label at all: the
    /// common call, which a builtin called as a value binds without the general search.
    public let bareArities: Set<Int>
    /// For each overload, the parameter each slot stands for (nil: none of its own).
    let slotParameters: [[BuiltinParameter?]]

    /// The binding of the overloads of `name` that `surface` declares (only those of
    /// `features`, when given); nil when it declares no such builtin.
    public init?(name: String, features: Set<Feature>? = nil, in surface: LanguageSurface = .core) {
        self.init(name: name, overloads: surface.lookup(name).filter { features?.contains($0.feature) ?? true })
    }

    /// The binding of these declared overloads (an engine binding's own); nil when empty.
    public init?(name: String, overloads: [Builtin]) {
        guard !overloads.isEmpty else { return nil }
        self.name = name
        self.overloads = overloads
        var positions: [String] = [], named: [String] = []
        for b in overloads {
            for (i, p) in b.positional.enumerated() where i >= positions.count { positions.append(p.name) }
            for p in b.parameters where p.namedOnly && !named.contains(p.name) { named.append(p.name) }
        }
        slots = positions + named
        positionalSlots = positions.count
        var bare = Set<Int>()
        for b in overloads where !b.variadic && !b.parameters.contains(where: { $0.namedOnly && $0.required }) {
            bare.formUnion(b.minPositional...b.positional.count)
        }
        bareArities = bare
        let slotNames = positions + named, positionCount = positions.count
        slotParameters = overloads.map { b in
            let own = b.positional
            return slotNames.indices.map { slot -> BuiltinParameter? in
                if slot < own.count { return own[slot] }
                if b.variadic, slot < positionCount { return own.last }
                return slot < positionCount ? nil : b.parameters.first { $0.namedOnly && $0.name == slotNames[slot] }
            }
        }
    }

    /// The indices of the overloads whose signatures (`Builtin.signature`) are `open`, a
    /// call's recorded resolution, in table order; every overload when `open` is nil. Asked
    /// while compiling a call, never while running one.
    public func overloads(named open: [String]?) -> [Int] {
        guard let open else { return Array(overloads.indices) }
        return overloads.indices.filter { open.contains(overloads[$0].signature) }
    }

    /// The slot of each argument (positional ones first, then the labels in order; nil for a
    /// label collected as an extra), or the problem of the nearest overload.
    public func arrange(positional: Int, labels: [String]) -> Result<[Int?], BindingProblem> {
        var seen = Set<String>()
        for (n, label) in labels.enumerated() where !seen.insert(label).inserted {
            return .failure(BindingProblem(message: "argument `\(label)` of `\(name)` is given twice", culprit: .label(n)))
        }
        let fitting = overloads.filter { $0.bindingProblem(positional: positional, labels: labels) == nil }
        guard let chosen = fitting.first else {
            let nearest = Builtin.nearest(overloads, positional: positional, labels: labels)
            return .failure(nearest.bindingProblem(positional: positional, labels: labels)!)
        }
        let labelSlots = labels.map { label -> Int? in
            if let i = chosen.positional.firstIndex(where: { $0.name == label }) { return i }
            return slots[positionalSlots...].firstIndex(of: label)
        }
        return .success(Array(0..<positional) + labelSlots)
    }
}

/// Why a call cannot bind to a builtin, and which argument is to blame.
public struct BindingProblem: Error, Equatable, Sendable {
    public enum Culprit: Equatable, Sendable {
        /// The n-th positional argument (from 0).
        case positional(Int)
        /// The n-th labelled argument (from 0).
        case label(Int)
        /// The call as a whole (a missing argument).
        case call
    }
    public let message: String
    public let culprit: Culprit
    public var hint: String?

    public init(message: String, culprit: Culprit, hint: String? = nil) {
        self.message = message
        self.culprit = culprit
        self.hint = hint
    }
}

extension Builtin {
    /// The overload a call that fits none most likely meant: the one knowing most of its
    /// labels, then the one closest in positional count; its problem is the one reported.
    public static func nearest(_ overloads: [Builtin], positional: Int, labels: [String]) -> Builtin {
        func distance(_ b: Builtin) -> (Int, Int) {
            (labels.filter { l in !b.parameters.contains { $0.name == l } }.count, abs(b.positional.count - positional))
        }
        return overloads.min { distance($0) < distance($1) }!
    }

    /// Why `positional` positional arguments and these labels cannot bind to this overload.
    public func bindingProblem(positional: Int, labels: [String]) -> BindingProblem? {
        if let max = maxPositional, positional > max {
            let message = "too many arguments to `\(name)`: it takes \(max == 0 ? "none" : "at most \(max)"), found \(positional)"
            return BindingProblem(message: message, culprit: .positional(max))
        }
        let pos = self.positional
        var given = Set(pos.prefix(positional).map(\.name))
        var seen = Set<String>()
        for (n, label) in labels.enumerated() {
            // A repeated label is the caller's to report, once (the checker does it for any call).
            guard seen.insert(label).inserted else { continue }
            guard let p = parameters.first(where: { $0.name == label }) else {
                if acceptsAnyNamed { continue }
                return BindingProblem(message: "`\(name)` has no parameter `\(label)`", culprit: .label(n),
                                      hint: Spelling.hint(for: label, in: parameters.map(\.name)))
            }
            if variadic && !p.namedOnly {
                return BindingProblem(message: "`\(name)` takes its arguments by position, not as `\(label):`", culprit: .label(n))
            }
            guard given.insert(label).inserted else {
                return BindingProblem(message: "argument `\(label)` of `\(name)` is given twice", culprit: .label(n))
            }
        }
        if let missing = parameters.first(where: { $0.required && !given.contains($0.name) }) {
            return BindingProblem(message: "missing argument `\(missing.name)` in call to `\(name)`", culprit: .call)
        }
        return nil
    }
}
