/// Whether an argument fits a builtin's parameter: the one rule by which the checker checks a
/// call's arguments (on the types it inferred) and the runtime chooses among the overloads the
/// checker left open (on the types of the values), so both accept the same calls and say the
/// same words when one does not fit.
extension BuiltinParameter {
    /// Whether a value of type `t` may be passed for this parameter; an unknown type always may.
    public func admits(_ t: StaticType) -> Bool { accepts.contains { t.fits($0) } }
}

extension Builtin {
    /// What the checker and the runtime say of an argument, `found` ("a vector (…)"), that
    /// this overload's parameter `p` does not admit.
    public func mismatch(_ p: BuiltinParameter, found: String) -> String {
        // A quantity's static type reads "a vector" (a value from data); the parameter takes any quantity.
        let wanted = p.accepts.map { $0 == .quantity ? "a quantity" : StaticType($0).description }.joined(separator: " or ")
        return "`\(name)` expects \(wanted) for `\(p.name)`, found \(found)"
    }
}

extension BuiltinBinding {
    /// Whether overload `overload` takes the arguments in the binding's slots, whose types
    /// `type(slot)` gives (nil: not given): each given one stands for one of its parameters
    /// and fits it, and every parameter it requires is given. The closure is not kept, so a
    /// call allocates nothing.
    public func admits(_ overload: Int, type: (Int) -> StaticType?) -> Bool { misfit(of: overload, type: type) == nil }

    /// Why overload `overload` does not take the arguments (see `admits`), with `found(slot)`
    /// describing an argument that does not fit; nil when it takes them.
    public func problem(of overload: Int, type: (Int) -> StaticType?, found: (Int) -> String) -> String? {
        let b = overloads[overload]
        switch misfit(of: overload, type: type) {
        case nil: return nil
        case .missing(let p): return "missing argument `\(p.name)` in call to `\(name)`"
        case .extra(let slot) where slot < positionalSlots:
            return "too many arguments to `\(name)`: it takes \(b.positional.isEmpty ? "none" : "at most \(b.positional.count)")"
        case .extra(let slot): return "`\(name)` has no parameter `\(slots[slot])`"
        case .mismatch(let slot, let p): return b.mismatch(p, found: found(slot))
        }
    }

    /// The first argument (slot) that keeps an overload from taking a call.
    private enum Misfit {
        case missing(BuiltinParameter), extra(Int), mismatch(Int, BuiltinParameter)
    }

    private func misfit(of overload: Int, type: (Int) -> StaticType?) -> Misfit? {
        let parameters = slotParameters[overload]
        for slot in slots.indices {
            let p = parameters[slot]
            guard let t = type(slot) else {
                if let p, p.required { return .missing(p) }
                continue
            }
            guard let p else { return .extra(slot) }
            if !p.admits(t) { return .mismatch(slot, p) }
        }
        return nil
    }
}
