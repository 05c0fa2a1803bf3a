import VigilSyntax

/// What the checker resolved one name of the source to. The compiler compiles exactly this
/// (`Compiler.resolve`): it never decides by itself whether a name is a local, a global, a
/// builtin or `baseline`, so a program's own `status` or `rate` means the same to both.
public enum Resolution: Hashable, Sendable {
    /// A `let`, parameter, loop variable or nested `fn` of the enclosing function or block,
    /// bound where the resolver laid it out (`FrameLayout`): slot `slot` of the frame
    /// `depth` frames out from the one the code runs in (0 is its own; a closure reads its
    /// enclosing function's locals at depth 1). The name at a declaration (the `x` of
    /// `let x`, a parameter, a loop variable, a nested `fn`'s name) resolves to the binding
    /// it declares, at depth 0, so the compiler stores where readers read.
    case local(depth: Int, slot: Int)
    /// A top-level `let` or `fn`, an imported name or module alias, a service, slo, budget
    /// or canary, or a global of an earlier input of the same session (the REPL). The name
    /// of a top-level `let` or `fn` resolves to it too: there the compiler defines a global.
    case global
    /// The builtin of that name in the one builtin table (`LanguageSurface`), and the
    /// overloads a call of it may bind to: the signatures (`Builtin.signature`, in table
    /// order) of those whose parameters fit the argument types the checker inferred. The
    /// compiler binds the call to the overload when one is left, and the runtime chooses
    /// among only these when several are (an argument's type unknown statically). Nil when
    /// the name is not called here (it is read as a value), so every overload stays open.
    case builtin(String, overloads: [String]?)
    /// A name the layer compiling the code lends (`CompileEnvironment.names`): a service's
    /// signal, a canary's setting.
    case lent
    /// `baseline` with no binding of that name: the baseline of the other side of the
    /// comparison, or, as a callee, `baseline(S, window:, method:)`.
    case baseline
}

/// Where a name stands: its file, its first byte and its spelling (so two programs loaded
/// into one session under the same path cannot lend each other a resolution).
public struct ResolutionKey: Hashable, Sendable {
    public var file: String
    public var start: Int
    public var name: String

    public init(file: String, start: Int, name: String) {
        self.file = file
        self.start = start
        self.name = name
    }
}

/// Every name the checker resolved, by where it stands: the checker fills it and the
/// compiler reads it, the way starlark-go's resolver hands bindings to its compiler.
public struct Resolutions: Sendable {
    private var entries: [ResolutionKey: Resolution] = [:]
    /// The files checked into this table (a program and the modules it imports).
    public private(set) var files: Set<String> = []

    public init() {}

    public subscript(file: String, name: String, at range: SourceRange) -> Resolution? {
        entries[ResolutionKey(file: file, start: range.start, name: name)]
    }

    public var count: Int { entries.count }

    /// Whether `path` was checked into this table.
    public func covers(_ path: String) -> Bool { files.contains(path) }

    mutating func record(_ resolution: Resolution, _ name: String, at range: SourceRange, in file: String) {
        entries[ResolutionKey(file: file, start: range.start, name: name)] = resolution
    }

    mutating func cover(_ path: String) { files.insert(path) }

    /// Adds another check's resolutions; the newer one wins where both resolved a name.
    public mutating func merge(_ other: Resolutions) {
        entries.merge(other.entries) { _, new in new }
        files.formUnion(other.files)
    }
}
