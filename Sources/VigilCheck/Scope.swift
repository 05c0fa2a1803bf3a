import VigilSyntax

/// What a name refers to.
enum SymbolKind {
    case variable
    case parameter
    case function(FunctionID)
    case builtin
    /// A signal of a service; `service` is the service's name.
    case signal(service: String)
    case service(signals: [String: Symbol])
    /// A named block (slo, budget, canary) usable as a value.
    case block(BlockKind)
    /// An imported module under an alias, with its top-level names.
    case module([String: Symbol])
    /// A canary setting readable as a value inside its canary (`{candidate}`).
    case setting
}

/// A node of the call graph: a user function, or a variable or parameter that may hold a
/// lambda. Identified by where it is declared so nested names stay distinct.
struct FunctionID: Hashable {
    var name: String
    var file: String
    var offset: Int
}

struct Symbol {
    var name: String
    var kind: SymbolKind
    var type: StaticType
    var file: SourceFile
    var range: SourceRange
    /// Parameter names of a user function, for named arguments.
    var parameters: [Parameter] = []
    /// Whether `x = e` may rebind it (a `let`).
    var isRebindable = false
}

extension Symbol {
    /// The call-graph node of what calling this name may run; nil for names that hold no
    /// user code (builtins, services, signals, modules).
    var node: FunctionID? {
        switch kind {
        case .function(let id): return id
        case .variable, .parameter: return FunctionID(name: name, file: file.path, offset: range.start)
        default: return nil
        }
    }
}

/// One level of lexical scope; lookups walk outwards.
final class Scope {
    let parent: Scope?
    private(set) var symbols: [String: Symbol] = [:]

    init(parent: Scope?) { self.parent = parent }

    func lookup(_ name: String) -> Symbol? { symbols[name] ?? parent?.lookup(name) }

    func lookupHere(_ name: String) -> Symbol? { symbols[name] }

    /// The scope, this one or an outer one, that declares `name`.
    func owner(of name: String) -> Scope? { symbols[name] != nil ? self : parent?.owner(of: name) }

    func declare(_ symbol: Symbol) { symbols[symbol.name] = symbol }

    func update(_ name: String, type: StaticType) {
        if symbols[name] != nil { symbols[name]?.type = type } else { parent?.update(name, type: type) }
    }

    /// Every name visible from here, for "did you mean".
    var visibleNames: Set<String> { Set(symbols.keys).union(parent?.visibleNames ?? []) }
}
