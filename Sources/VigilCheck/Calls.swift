import VigilSyntax

/// Calls: which function is called, whether the arguments fit it (arity, named arguments,
/// kinds), whether its feature is built, and what it returns.
extension CheckPass {
    func inferCall(_ callee: Expr, _ args: [Argument], _ range: SourceRange) -> StaticType {
        reportDuplicateNamedArguments(args)
        if case .name(let name) = callee.kind {
            if scope.lookup(name) == nil, !surface.lookup(name).isEmpty {
                if name == "baseline" {
                    recordResolution(.baseline, name, at: callee.range)
                    checkBaselineArguments(args)
                    return callBuiltin(name, callee.range, args, range).type
                }
                let (type, open) = callBuiltin(name, callee.range, args, range)
                recordResolution(.builtin(name, overloads: open), name, at: callee.range)
                return type
            }
            guard let symbol = lookupSymbol(name, callee.range) else {
                args.forEach { infer($0.value) }
                return .unknown
            }
            return callSymbol(symbol, callee, args, range)
        }
        if case .member(let base, let name, let nameRange) = callee.kind, case .name(let baseName) = base.kind,
           let module = scope.lookup(baseName), case .module(let exported) = module.kind {
            recordResolution(of: module, baseName, at: base.range)
            guard let symbol = exported[name] else {
                error("module `\(baseName)` has no `\(name)`", nameRange, hint: Spelling.hint(for: name, in: exported.keys))
                args.forEach { infer($0.value) }
                return .unknown
            }
            return callSymbol(symbol, callee, args, range)
        }
        let t = infer(callee)
        if let caller = context.function, let root = rootName(of: callee), let node = scope.lookup(root.name)?.node {
            callGraph.addCall(from: caller, to: node, at: root.range)  // `r.g(x)` runs what `r` holds
        }
        args.forEach { infer($0.value) }
        if case .function(let minArity, let maxArity) = t {
            checkPositionalCount(args.filter { $0.label == nil }, min: minArity, max: maxArity, name: text(callee), range: range)
        } else if t.certainlyNotBool || t == .bool {
            error("\(describe(t, callee)) is not a function", callee.range)
        }
        return .unknown
    }

    private func callSymbol(_ symbol: Symbol, _ callee: Expr, _ args: [Argument], _ range: SourceRange) -> StaticType {
        switch symbol.kind {
        case .function(let id):
            args.forEach { infer($0.value) }
            checkUserArguments(symbol, args, range)
            noteUse(of: id, at: callee.range, isCall: true)
            if let pure = context.pureContext { pureUses.append((id, pure, callee.range)) }
            return functionReturnTypes[id] ?? .unknown
        case .builtin:
            let (type, open) = callBuiltin(symbol.name, callee.range, args, range)
            if case .name(let name) = callee.kind, name == symbol.name {
                recordResolution(.builtin(name, overloads: open), name, at: callee.range)
            }
            return type
        default:
            noteUse(of: symbol.node, at: callee.range, isCall: true)
            let t = type(of: symbol)
            args.forEach { infer($0.value) }
            if case .function(let minArity, let maxArity) = t {
                checkPositionalCount(args.filter { $0.label == nil }, min: minArity, max: maxArity, name: symbol.name, range: range)
            } else if t != .unknown, t != .quantity(nil) || symbol.kind.isSignal {
                error("`\(symbol.name)` is not a function; it is \(symbol.kind.isSignal ? "a signal" : t.description)", callee.range,
                      hint: firstDefinitionNote(symbol.range, in: symbol.file).replacingOccurrences(of: "the first definition", with: "its definition"))
            }
            return .unknown
        }
    }

    /// The variable a callee such as `r.g` or `fs[0]` is taken from.
    private func rootName(of callee: Expr) -> (name: String, range: SourceRange)? {
        switch callee.kind {
        case .name(let name): return (name, callee.range)
        case .member(let base, _, _), .index(let base, _): return rootName(of: base)
        default: return nil
        }
    }

    private func checkUserArguments(_ symbol: Symbol, _ args: [Argument], _ range: SourceRange) {
        let params = symbol.parameters
        let positional = args.filter { $0.label == nil }
        var given = Set(params.prefix(positional.count).map(\.name))
        if positional.count > params.count {
            error("too many arguments to `\(symbol.name)`: it takes \(params.count), found \(positional.count)",
                  positional[params.count].value.range, expected: "\(symbol.name)(\(params.map(\.name).joined(separator: ", ")))")
        }
        for arg in args {
            guard let label = arg.label, let labelRange = arg.labelRange else { continue }
            if !params.contains(where: { $0.name == label }) {
                error("`\(symbol.name)` has no parameter `\(label)`", labelRange, hint: Spelling.hint(for: label, in: params.map(\.name)))
            } else if !given.insert(label).inserted {
                error("`\(label)` is given both by position and by name", labelRange)
            }
        }
        for p in params where p.defaultValue == nil && !given.contains(p.name) {
            error("missing argument `\(p.name)` in call to `\(symbol.name)`", range,
                  expected: "\(symbol.name)(\(params.map(\.name).joined(separator: ", ")))")
        }
    }

    private func checkPositionalCount(_ positional: [Argument], min: Int, max: Int?, name: String, range: SourceRange) {
        if let max, positional.count > max {
            error("too many arguments to `\(name)`: it takes \(max), found \(positional.count)", positional[max].value.range)
        } else if positional.count < min {
            error("too few arguments to `\(name)`: it takes \(min), found \(positional.count)", range)
        }
    }

    private func reportDuplicateNamedArguments(_ args: [Argument]) {
        var seen: [String: SourceRange] = [:]
        for arg in args {
            guard let label = arg.label, let labelRange = arg.labelRange else { continue }
            if let first = seen[label] {
                error("argument `\(label)` is given twice", labelRange, hint: firstDefinitionNote(first))
            } else {
                seen[label] = labelRange
            }
        }
    }
}

extension SymbolKind {
    var isSignal: Bool {
        if case .signal = self { return true }
        return false
    }
}
