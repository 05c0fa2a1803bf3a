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

/// The slots of one function activation as the resolver lays them out (starlark-go's
/// resolver numbers a function's locals the same way): every local declared in the
/// function's scopes gets the next slot, so a shadowing `let` never overwrites the binding
/// it hides. The runtime's frames have exactly these slots (`Resolution.local`).
final class FrameLayout {
    /// The frame a closure created here keeps alive: the enclosing function's, or nil for a
    /// top-level function or a block's code, which see only globals and lent names.
    let parent: FrameLayout?
    private(set) var size = 0

    init(parent: FrameLayout?) { self.parent = parent }

    func allocate() -> Int {
        defer { size += 1 }
        return size
    }

    /// How many frames out from this one `other` is; nil when it does not enclose this one.
    func depth(of other: FrameLayout) -> Int? {
        var depth = 0
        var frame: FrameLayout? = self
        while let current = frame {
            if current === other { return depth }
            depth += 1
            frame = current.parent
        }
        return nil
    }
}

/// One level of lexical scope; lookups walk outwards.
final class Scope {
    let parent: Scope?
    /// The frame whose slots this scope's locals take; nil for the scopes of globals and
    /// imported names, which live in the global table instead.
    let frame: FrameLayout?
    private(set) var symbols: [String: Symbol] = [:]
    private var slots: [String: Int] = [:]

    init(parent: Scope?, frame: FrameLayout?) {
        self.parent = parent
        self.frame = frame
    }

    func lookup(_ name: String) -> Symbol? { symbols[name] ?? parent?.lookup(name) }

    func lookupHere(_ name: String) -> Symbol? { symbols[name] }

    /// The scope, this one or an outer one, that declares `name`.
    func owner(of name: String) -> Scope? { symbols[name] != nil ? self : parent?.owner(of: name) }

    /// Declares `symbol`; a variable, parameter or nested function of a frame takes the
    /// frame's next slot (a declaration walked again keeps its slot).
    func declare(_ symbol: Symbol) {
        defer { symbols[symbol.name] = symbol }
        guard let frame, symbol.kind.livesInFrame else { return }
        if slots[symbol.name] != nil, symbols[symbol.name]?.range == symbol.range { return }
        slots[symbol.name] = frame.allocate()
    }

    /// The slot `name` takes in this scope's frame, when this scope declares it there.
    func slot(of name: String) -> Int? { slots[name] }

    func update(_ name: String, type: StaticType) {
        if symbols[name] != nil { symbols[name]?.type = type } else { parent?.update(name, type: type) }
    }

    /// Every name visible from here, for "did you mean".
    var visibleNames: Set<String> { Set(symbols.keys).union(parent?.visibleNames ?? []) }
}

extension SymbolKind {
    /// Whether a symbol of this kind is a value stored in a frame slot when it is local (a
    /// signal or setting is lent by the compiling layer instead).
    var livesInFrame: Bool {
        switch self {
        case .variable, .parameter, .function: return true
        default: return false
        }
    }
}
